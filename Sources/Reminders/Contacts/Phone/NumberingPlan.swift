/// The national numbering rules of the regions whose national format we read.
///
/// Digits are values 0...9, not ASCII. A national significant number (NSN) is the number
/// after the country code, without any trunk prefix.
enum NumberingPlan: Sendable {
    case northAmerica, unitedKingdom, germany, france, india, australia

    /// The plan for an ISO 3166 alpha-2 region, with the region's dialling conventions.
    static func forRegion(_ region: String) -> NumberingPlan? {
        switch region {
        case "US", "CA": .northAmerica
        case "GB": .unitedKingdom
        case "DE": .germany
        case "FR": .france
        case "IN": .india
        case "AU": .australia
        default: nil
        }
    }

    /// The plan whose rules apply to a `+` number with this country code, if we know one.
    static func forCountryCode(_ code: Int) -> NumberingPlan? {
        switch code {
        case 1: .northAmerica
        case 44: .unitedKingdom
        case 49: .germany
        case 33: .france
        case 91: .india
        case 61: .australia
        default: nil
        }
    }

    var countryCode: Int {
        switch self {
        case .northAmerica: 1
        case .unitedKingdom: 44
        case .germany: 49
        case .france: 33
        case .india: 91
        case .australia: 61
        }
    }

    /// The prefix dialled before a country code from inside the region.
    var internationalPrefix: [UInt8] {
        switch self {
        case .northAmerica: [0, 1, 1]
        case .australia: [0, 0, 1, 1]
        case .unitedKingdom, .germany, .france, .india: [0, 0]
        }
    }

    /// Reads national digits (trunk prefix included, if any) into an NSN.
    func nationalSignificantNumber(_ digits: [UInt8], region: String) throws(PhoneNumberError) -> ArraySlice<UInt8> {
        switch self {
        case .northAmerica:
            // The trunk prefix 1 is optional before the ten digits.
            let nsn = digits.count == 11 && digits.first == 1 ? digits.dropFirst() : digits[...]
            guard nsn.count == 10 else {
                throw .invalidLength(region: region, expected: "10 digits, or 1 and 10 digits", found: digits.count)
            }
            try validate(nsn, region: region)
            return nsn
        case .india where digits.count == 10 && digits.first.map({ (6...9).contains($0) }) == true:
            // Indian mobiles are usually written as their ten digits without a trunk 0.
            return digits[...]
        case .unitedKingdom, .germany, .france, .india, .australia:
            guard digits.first == 0 else {
                throw .missingTrunkPrefix(region: region, lostLeadingZero: nsnLengths.contains(digits.count))
            }
            let nsn = digits.dropFirst()
            try validate(nsn, region: region)
            return nsn
        }
    }

    /// Checks an NSN's length and leading digits.
    func validate(_ nsn: ArraySlice<UInt8>, region: String) throws(PhoneNumberError) {
        guard nsnLengths.contains(nsn.count) else {
            throw .invalidLength(region: region, expected: expectedLength, found: nsn.count)
        }
        let digits = Array(nsn)
        switch self {
        case .northAmerica:
            // NANP: NXX-NXX-XXXX, N being 2-9; N11 codes are service codes (411, 911).
            guard digits[0] >= 2 else { throw .invalidAreaCode }
            guard digits[3] >= 2 else { throw .invalidExchange }
            if digits[1] == 1 && digits[2] == 1 || digits[4] == 1 && digits[5] == 1 { throw .serviceCode }
        case .unitedKingdom:
            // 1, 2, 3 geographic and non-geographic, 5 corporate, 7 mobile, 8 and 9 special.
            guard [1, 2, 3, 5, 7, 8, 9].contains(digits[0]) else { throw .invalidLeadingDigit(region: region) }
        case .australia:
            // 2, 3, 7, 8 geographic, 4 mobile, 5 personal and satellite services.
            guard [2, 3, 4, 5, 7, 8].contains(digits[0]) else { throw .invalidLeadingDigit(region: region) }
        case .germany, .france, .india:
            guard digits[0] != 0 else { throw .invalidLeadingDigit(region: region) }
        }
    }

    /// The NSN lengths the plan allows.
    private var nsnLengths: ClosedRange<Int> {
        switch self {
        case .northAmerica: 10...10
        case .unitedKingdom: 9...10
        // German area codes and subscriber numbers both vary in length.
        case .germany: 6...13
        case .france, .australia: 9...9
        case .india: 10...10
        }
    }

    private var expectedLength: String {
        switch self {
        case .northAmerica: "10 digits"
        case .unitedKingdom: "9 or 10 digits after the 0"
        case .germany: "6 to 13 digits after the 0"
        case .france, .australia: "9 digits after the 0"
        case .india: "10 digits after the 0"
        }
    }

    /// Whether national numbers carry a trunk 0 that a `+` number may show as `(0)`.
    var hasTrunkZero: Bool { self != .northAmerica }
}
