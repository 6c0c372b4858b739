/// Why a phone number was refused; descriptions never repeat the number itself.
public enum PhoneNumberError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No digits at all.
    case empty
    /// Longer than any phone number could be written.
    case inputTooLong
    /// Letters, as in a vanity number (`1-800-FLOWERS`).
    case letters
    /// An extension (`x123`, `ext. 5`, `;ext=5`, `#5`), which a call cannot dial.
    case extensionNotAllowed
    /// A character that is neither a digit nor a separator.
    case invalidCharacter(Character)
    /// A `+` that does not start the number.
    case misplacedPlus
    /// A national number with no default region to read it in.
    case missingCountryCode
    /// A default region whose national format is not supported.
    case unsupportedRegion(String)
    /// A `+` number whose leading digits are no country calling code.
    case unknownCountryCode
    /// Fewer than 8 digits including the country code.
    case tooShort(digits: Int)
    /// More than 15 digits including the country code (the E.164 maximum).
    case tooLong(digits: Int)
    /// A number of the wrong length for its country.
    case invalidLength(region: String, expected: String, found: Int)
    /// A national number without its trunk prefix (`0`); `lostLeadingZero` when the length
    /// suggests a spreadsheet dropped it.
    case missingTrunkPrefix(region: String, lostLeadingZero: Bool)
    /// A North American area code starting with 0 or 1.
    case invalidAreaCode
    /// A North American exchange (central office) code starting with 0 or 1.
    case invalidExchange
    /// A North American N11 service code (211, 311, …, 911) in place of an area or exchange code.
    case serviceCode
    /// A national significant number starting with a digit the country does not use.
    case invalidLeadingDigit(region: String)

    /// A human reason, without the number.
    public var description: String {
        switch self {
        case .empty:
            "no phone number"
        case .inputTooLong:
            "too long to be a phone number"
        case .letters:
            "contains letters (write vanity numbers in digits)"
        case .extensionNotAllowed:
            "has an extension, which cannot be dialled"
        case .invalidCharacter(let character):
            "unexpected character '\(character)'"
        case .misplacedPlus:
            "'+' may only start the number"
        case .missingCountryCode:
            "no country code (start the number with +) and no default region"
        case .unsupportedRegion(let region):
            "national numbers for region \(region) are not supported "
                + "(supported: \(PhoneNumber.supportedRegions.sorted().joined(separator: ", "))); "
                + "write the number with + and its country code"
        case .unknownCountryCode:
            "unknown country calling code"
        case .tooShort(let digits):
            "too short: \(digits) digits with the country code (expected 8 to 15)"
        case .tooLong(let digits):
            "too long: \(digits) digits with the country code (expected 8 to 15)"
        case .invalidLength(let region, let expected, let found):
            "not a valid \(region) number: \(found) digits, expected \(expected)"
        case .missingTrunkPrefix(let region, let lostLeadingZero):
            "a national \(region) number must start with 0"
                + (lostLeadingZero ? " (did a spreadsheet drop the leading zero?)" : "")
        case .invalidAreaCode:
            "area code cannot start with 0 or 1"
        case .invalidExchange:
            "exchange code cannot start with 0 or 1"
        case .serviceCode:
            "N11 service code (such as 411 or 911) where an area or exchange code belongs"
        case .invalidLeadingDigit(let region):
            "not a valid \(region) number: it starts with a digit not used there"
        }
    }
}
