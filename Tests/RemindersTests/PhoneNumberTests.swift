import Testing

@testable import Reminders

struct PhoneNumberTests {
    static let valid: [(raw: String, region: String?, e164: String)] = [
        // North America
        ("(212) 555-0134", "US", "+12125550134"),
        ("212.555.0134", "US", "+12125550134"),
        ("212-555-0134", "US", "+12125550134"),
        ("1 212 555 0134", "US", "+12125550134"),
        ("+1 212 555 0134", nil, "+12125550134"),
        (" 212 555 0134 ", "us", "+12125550134"),
        ("1-800-555-0199", "US", "+18005550199"),
        ("2125550134", "CA", "+12125550134"),
        ("+1 (416) 555-0199", "GB", "+14165550199"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("+1\u{2011}212\u{2011}555\u{2011}0134", nil, "+12125550134"),
        // United Kingdom
        ("020 7946 0958", "GB", "+442079460958"),
        ("07700 900123", "GB", "+447700900123"),
        ("0161 496 0000", "GB", "+441614960000"),
        ("+44 (0)20 7946 0958", nil, "+442079460958"),
        ("+44 20 7946 0958", nil, "+442079460958"),
        ("+44 020 7946 0958", "US", "+442079460958"),
        ("+44\u{00A0}20\u{00A0}7946\u{00A0}0958", nil, "+442079460958"),
        ("0044 20 7946 0958", "GB", "+442079460958"),
        ("00 1 212 555 0134", "GB", "+12125550134"),
        // Germany
        ("030 1234567", "DE", "+49301234567"),
        ("0151 23456789", "DE", "+4915123456789"),
        ("089/123456", "DE", "+4989123456"),
        ("+49 (0)30 1234567", nil, "+49301234567"),
        ("0049 89 123456", "DE", "+4989123456"),
        // France
        ("01 23 45 67 89", "FR", "+33123456789"),
        ("06.12.34.56.78", "FR", "+33612345678"),
        ("+33 6 12 34 56 78", nil, "+33612345678"),
        ("0033 1 23 45 67 89", "FR", "+33123456789"),
        // India
        ("98765 43210", "IN", "+919876543210"),
        ("09876543210", "IN", "+919876543210"),
        ("011 2345 6789", "IN", "+911123456789"),
        ("+91 98765 43210", nil, "+919876543210"),
        ("0091 98765 43210", "IN", "+919876543210"),
        // Australia
        ("0491 570 156", "AU", "+61491570156"),
        ("(02) 9876 5432", "AU", "+61298765432"),
        ("+61 491 570 156", nil, "+61491570156"),
        ("0011 61 491 570 156", "AU", "+61491570156"),
        ("0011 1 212 555 0134", "AU", "+12125550134"),
        // Elsewhere, by country code only
        ("+81 3-1234-5678", nil, "+81312345678"),
        ("+353 1 234 5678", nil, "+35312345678"),
        ("+86 138 0013 8000", nil, "+8613800138000"),
        ("+7 495 123-45-67", "DE", "+74951234567"),
        ("+27 21 123 4567", nil, "+27211234567"),
        ("+55 11 91234-5678", nil, "+5511912345678"),
        ("+380 44 123 4567", nil, "+380441234567"),
    ]

    @Test(arguments: valid)
    func normalizesToE164(_ raw: String, region: String?, e164: String) throws {
        let phone = try PhoneNumber.parse(raw, defaultRegion: region)
        #expect(phone.e164 == e164)
        #expect(PhoneNumber.isE164(phone.e164))
        #expect(PhoneNumber(e164: phone.e164) == phone)
    }

    static let invalid: [(raw: String, region: String?, error: PhoneNumberError)] = [
        ("", "US", .empty),
        ("  - ", "US", .empty),
        ("212 555 0134 x123", "US", .extensionNotAllowed),
        ("212-555-0134 ext. 5", "US", .extensionNotAllowed),
        ("+12125550134;ext=5", nil, .extensionNotAllowed),
        ("+12125550134#", nil, .extensionNotAllowed),
        ("1-800-FLOWERS", "US", .letters),
        ("call me", "US", .letters),
        ("212*555*0134", "US", .invalidCharacter("*")),
        ("212+5550134", "US", .misplacedPlus),
        ("++12125550134", nil, .misplacedPlus),
        (String(repeating: "1", count: 70), "US", .inputTooLong),
        ("2125550134", nil, .missingCountryCode),
        ("2125550134", "", .missingCountryCode),
        ("612 345 678", "ES", .unsupportedRegion("ES")),
        ("2125550134", "ZZ", .unsupportedRegion("ZZ")),
        ("+28 1234 5678", nil, .unknownCountryCode),
        ("+800 1234 5678", nil, .unknownCountryCode),
        ("+81 123 45", nil, .tooShort(digits: 7)),
        ("+86 1380 0138 0001 234", nil, .tooLong(digits: 17)),
        ("555 0134", "US", .invalidLength(region: "US", expected: "10 digits, or 1 and 10 digits", found: 7)),
        ("212 555 01345", "US", .invalidLength(region: "US", expected: "10 digits, or 1 and 10 digits", found: 11)),
        ("+1 212 555 013", nil, .invalidLength(region: "+1", expected: "10 digits", found: 9)),
        ("112 555 0134", "US", .invalidAreaCode),
        ("012 555 0134", "US", .invalidAreaCode),
        ("212 155 0134", "US", .invalidExchange),
        ("212 055 0134", "CA", .invalidExchange),
        ("911 555 0134", "US", .serviceCode),
        ("212 411 0134", "US", .serviceCode),
        ("+1 211 555 0134", nil, .serviceCode),
        ("7700 900123", "GB", .missingTrunkPrefix(region: "GB", lostLeadingZero: true)),
        ("0207 946 09581", "GB", .invalidLength(region: "GB", expected: "9 or 10 digits after the 0", found: 11)),
        ("0420 794 6095", "GB", .invalidLeadingDigit(region: "GB")),
        ("+44 6020 794 609", nil, .invalidLeadingDigit(region: "+44")),
        ("12345", "DE", .missingTrunkPrefix(region: "DE", lostLeadingZero: false)),
        ("030 12", "DE", .invalidLength(region: "DE", expected: "6 to 13 digits after the 0", found: 4)),
        ("01 23 45 67", "FR", .invalidLength(region: "FR", expected: "9 digits after the 0", found: 7)),
        ("6 12 34 56 78", "FR", .missingTrunkPrefix(region: "FR", lostLeadingZero: true)),
        ("+33 1 23 45 67", nil, .invalidLength(region: "+33", expected: "9 digits after the 0", found: 7)),
        ("5876543210", "IN", .missingTrunkPrefix(region: "IN", lostLeadingZero: true)),
        ("0987654321", "IN", .invalidLength(region: "IN", expected: "10 digits after the 0", found: 9)),
        ("0491 570 15", "AU", .invalidLength(region: "AU", expected: "9 digits after the 0", found: 8)),
        ("0191 570 156", "AU", .invalidLeadingDigit(region: "AU")),
        ("+61 191 570 156", nil, .invalidLeadingDigit(region: "+61")),
    ]

    @Test(arguments: invalid)
    func refusesWithAReason(_ raw: String, region: String?, error: PhoneNumberError) {
        #expect(throws: error) { try PhoneNumber.parse(raw, defaultRegion: region) }
    }

    @Test(arguments: invalid)
    func reasonsNeverRepeatTheNumber(_ raw: String, region: String?, error: PhoneNumberError) {
        let digits = String(raw.filter(\.isNumber))
        guard digits.count >= 6 else { return }
        #expect(!error.description.contains(digits))
        #expect(!error.description.contains(raw))
    }

    @Test func countsAtLeastSixtyCases() {
        #expect(Self.valid.count + Self.invalid.count >= 60)
    }

    @Test func describesReasonsForPeople() {
        #expect(PhoneNumberError.missingTrunkPrefix(region: "GB", lostLeadingZero: true).description
            == "a national GB number must start with 0 (did a spreadsheet drop the leading zero?)")
        #expect(PhoneNumberError.extensionNotAllowed.description == "has an extension, which cannot be dialled")
        #expect(PhoneNumberError.unsupportedRegion("ES").description.contains("AU, CA, DE, FR, GB, IN, US"))
    }

    @Test(arguments: [
        ("+12125550134", true), ("+442079460958", true), ("+1212555013", true),
        ("12125550134", false), ("+0123456789", false), ("+2812345678", false), ("+1234567", false),
        ("+1234567890123456", false), ("+1 2125550134", false), ("+", false), ("", false), ("+1212555013a", false),
    ])
    func checksE164Form(_ text: String, expected: Bool) {
        #expect(PhoneNumber.isE164(text) == expected)
        #expect((PhoneNumber(e164: text) != nil) == expected)
    }

    @Test(arguments: [
        ("+12125550134", "+1******0134"), ("+442079460958", "+44******0958"), ("+35312345678", "+353****5678"),
    ])
    func masksTheMiddleInDescriptions(_ e164: String, masked: String) throws {
        let phone = try #require(PhoneNumber(e164: e164))
        #expect(phone.masked == masked)
        #expect("\(phone)" == masked)
    }
}
