/// Phone numbers as the front desk dials them: numbers of the clinic's own country in that
/// country's national format, others in international format with the country code set apart.
///
/// `+12125550134` reads `(212) 555-0134` for a US clinic; `+442079460018` reads `020 7946 0018`
/// for a British one and `+44 20 7946 0018` for anyone else. A number that is not E.164 is shown
/// as it is. Only display: the number dialled and stored stays E.164.
public struct PhoneDisplay: Sendable, Equatable {
    /// The clinic's country calling code, if known.
    public let homeCountryCode: Int?

    public init(homeCountryCode: Int?) {
        self.homeCountryCode = homeCountryCode
    }

    /// The campaign's country: its `default_region`, else the country of its caller number.
    public init(campaign: Campaign) {
        if let region = campaign.defaultRegion, let plan = NumberingPlan.forRegion(region) {
            homeCountryCode = plan.countryCode
        } else {
            homeCountryCode = CountryCallingCode.match(campaign.fromNumber.utf8.dropFirst().map { $0 &- UInt8(ascii: "0") })
        }
    }

    /// `e164` for people to read and dial.
    public func format(_ e164: String) -> String {
        guard PhoneNumber.isE164(e164) else { return e164 }
        let digits = e164.utf8.dropFirst().map { Int($0 - UInt8(ascii: "0")) }
        guard let code = CountryCallingCode.match(digits.map(UInt8.init)) else { return e164 }
        let nsn = Array(digits.dropFirst(CountryCallingCode.digitCount(code)))
        if code == homeCountryCode, let national = Self.national(nsn, code: code) { return national }
        return "+\(code) " + Self.international(nsn, code: code)
    }

    /// The national format of the countries whose plans we know, when `nsn` fits the plan.
    static func national(_ nsn: [Int], code: Int) -> String? {
        switch (code, nsn.count) {
        case (1, 10): "(\(text(nsn[0..<3]))) \(text(nsn[3..<6]))-\(text(nsn[6...]))"
        case (44, 10) where nsn[0] == 2: "0\(text(nsn[0..<2])) \(text(nsn[2..<6])) \(text(nsn[6...]))"
        case (44, 10): "0\(text(nsn[0..<4])) \(text(nsn[4...]))"
        case (33, 9): "0\(nsn[0]) " + pairs(nsn[1...])
        case (61, 9) where nsn[0] == 4: "0\(text(nsn[0..<3])) \(text(nsn[3..<6])) \(text(nsn[6...]))"
        case (61, 9): "0\(nsn[0]) \(text(nsn[1..<5])) \(text(nsn[5...]))"
        case (91, 10): "\(text(nsn[0..<5])) \(text(nsn[5...]))"
        case (49, 10...11) where nsn[0] == 1: "0\(text(nsn[0..<3])) \(text(nsn[3...]))"
        case (49, _): "0" + text(nsn[...])
        default: nil
        }
    }

    /// The international grouping: the plan's own where we know it, else groups of three or four.
    static func international(_ nsn: [Int], code: Int) -> String {
        if let national = national(nsn, code: code) {
            // The national form without its trunk 0 and parentheses, as written after a country code.
            var text = national
            if code != 1, code != 91, text.hasPrefix("0") { text.removeFirst() }
            if code == 1 { text = "\(Self.text(nsn[0..<3])) \(Self.text(nsn[3..<6])) \(Self.text(nsn[6...]))" }
            return text
        }
        var groups: [String] = []
        var rest = nsn[...]
        while rest.count > 4 {
            let size = rest.count == 5 || rest.count == 6 ? rest.count - 3 : 3
            groups.append(text(rest.prefix(size)))
            rest = rest.dropFirst(size)
        }
        if !rest.isEmpty { groups.append(text(rest)) }
        return groups.joined(separator: " ")
    }

    private static func text(_ digits: ArraySlice<Int>) -> String {
        digits.map(String.init).joined()
    }

    private static func pairs(_ digits: ArraySlice<Int>) -> String {
        stride(from: digits.startIndex, to: digits.endIndex, by: 2).map { text(digits[$0..<min($0 + 2, digits.endIndex)]) }
            .joined(separator: " ")
    }
}
