/// A phone number normalized to E.164 (`+` and 8 to 15 digits), ready to dial.
///
/// Its `description` is masked (`+1******0134`) so that interpolating one into a log line
/// cannot leak the number; use `e164` where the full number is needed.
public struct PhoneNumber: Hashable, Sendable, CustomStringConvertible {
    /// The number in E.164 form, such as `+12125550134`.
    public let e164: String
    /// The country calling code, such as 1 or 44.
    public let countryCode: Int

    /// Fewest and most digits of an E.164 number, country code included.
    static let digitRange = 8...15

    /// The longest text read as a phone number: generous for separators and prefixes, and it
    /// bounds the work done on a wrong column's contents.
    static let maxInputLength = 64

    /// The regions (ISO 3166 alpha-2) whose national format `parse` reads.
    public static let supportedRegions: Set<String> = ["US", "CA", "GB", "DE", "FR", "IN", "AU"]

    private init(countryCode: Int, nationalNumber: some Collection<UInt8>) {
        var ascii = Array("+\(countryCode)".utf8)
        for digit in nationalNumber { ascii.append(UInt8(ascii: "0") + digit) }
        self.e164 = String(decoding: ascii, as: UTF8.self)
        self.countryCode = countryCode
    }

    /// Reads a number that is already in E.164 form (for example from the database).
    public init?(e164: String) {
        guard Self.isE164(e164), let code = CountryCallingCode.match(Self.digitValues(e164.utf8.dropFirst())) else {
            return nil
        }
        self.e164 = e164
        self.countryCode = code
    }

    /// Parses a number as people write it, reading national numbers in `defaultRegion`.
    ///
    /// Accepts `+` international numbers with a known country code, the region's international
    /// prefix (`011` in North America, `0011` in Australia, `00` elsewhere), and national
    /// numbers for the regions in `supportedRegions`. Spaces, dots, dashes, slashes and
    /// parentheses are ignored; a `(0)` after the country code is dropped where the country
    /// uses a trunk 0. Extensions and letters are refused.
    public static func parse(_ raw: String, defaultRegion: String?) throws(PhoneNumberError) -> PhoneNumber {
        let (hasPlus, digits) = try scan(raw)
        if hasPlus {
            return try international(digits[...])
        }
        guard let region = defaultRegion?.uppercased(), !region.isEmpty else { throw .missingCountryCode }
        guard let plan = NumberingPlan.forRegion(region) else { throw .unsupportedRegion(region) }
        if digits.starts(with: plan.internationalPrefix) {
            return try international(digits.dropFirst(plan.internationalPrefix.count))
        }
        let nsn = try plan.nationalSignificantNumber(digits, region: region)
        return PhoneNumber(countryCode: plan.countryCode, nationalNumber: nsn)
    }

    /// Whether `text` is `+` followed by 8 to 15 digits starting with a known country code.
    public static func isE164(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard utf8.first == UInt8(ascii: "+"), digitRange.contains(utf8.count - 1) else { return false }
        let rest = utf8.dropFirst()
        guard rest.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return false }
        return CountryCallingCode.match(digitValues(rest)) != nil
    }

    /// The number with its middle hidden, such as `+1******0134`, for logs and messages.
    public var masked: String {
        let visibleTail = 4
        let prefixLength = 1 + CountryCallingCode.digitCount(countryCode)
        let hidden = max(0, e164.utf8.count - prefixLength - visibleTail)
        return String(e164.prefix(prefixLength)) + String(repeating: "*", count: hidden) + String(e164.suffix(visibleTail))
    }

    /// The masked number (see `masked`).
    public var description: String { masked }

    private static func international(_ digits: ArraySlice<UInt8>) throws(PhoneNumberError) -> PhoneNumber {
        guard let code = CountryCallingCode.match(digits) else { throw .unknownCountryCode }
        var nsn = digits.dropFirst(CountryCallingCode.digitCount(code))
        guard let plan = NumberingPlan.forCountryCode(code) else {
            let total = digits.count
            if total < digitRange.lowerBound { throw .tooShort(digits: total) }
            if total > digitRange.upperBound { throw .tooLong(digits: total) }
            return PhoneNumber(countryCode: code, nationalNumber: nsn)
        }
        // `+44 (0)20 …` and `+44 020 …` carry the national trunk 0, which is not dialled.
        if plan.hasTrunkZero && nsn.first == 0 {
            nsn = nsn.dropFirst()
        }
        let total = CountryCallingCode.digitCount(code) + nsn.count
        if total > digitRange.upperBound { throw .tooLong(digits: total) }
        try plan.validate(nsn, region: "+\(code)")
        return PhoneNumber(countryCode: code, nationalNumber: nsn)
    }

    private static func digitValues(_ ascii: some Sequence<UInt8>) -> [UInt8] {
        ascii.map { $0 &- UInt8(ascii: "0") }
    }
}
