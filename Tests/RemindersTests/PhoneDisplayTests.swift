import Foundation
import Reminders
import Testing

/// Numbers as the front desk dials them: the clinic's own country nationally, others with their code.
@Suite struct PhoneDisplayTests {
    @Test(arguments: [
        (1, "+12125550134", "(212) 555-0134"),
        (44, "+442079460018", "020 7946 0018"),
        (44, "+447700900123", "07700 900123"),
        (33, "+33612345678", "06 12 34 56 78"),
        (61, "+61412345678", "0412 345 678"),
        (61, "+61298765432", "02 9876 5432"),
        (91, "+919876543210", "98765 43210"),
        (49, "+4915123456789", "0151 23456789"),
        (49, "+49301234567", "0301234567"),
    ])
    func ownCountryNumbersAreNational(home: Int, e164: String, expected: String) {
        #expect(PhoneDisplay(homeCountryCode: home).format(e164) == expected)
    }

    @Test(arguments: [
        ("+12125550134", "+1 212 555 0134"),
        ("+442079460018", "+44 20 7946 0018"),
        ("+34612345678", "+34 612 345 678"),
        ("+525512345678", "+52 551 234 5678"),
        ("+3531234567", "+353 123 4567"),
    ])
    func otherNumbersAreInternational(e164: String, expected: String) {
        #expect(PhoneDisplay(homeCountryCode: 61).format(e164) == expected)
        #expect(PhoneDisplay(homeCountryCode: nil).format(e164) == expected)
    }

    @Test func notE164IsShownAsItIs() {
        #expect(PhoneDisplay(homeCountryCode: 1).format("555-0134") == "555-0134")
        #expect(PhoneDisplay(homeCountryCode: 1).format("") == "")
    }

    @Test func theHomeCountryIsTheDefaultRegionElseTheCallerNumbers() throws {
        let base = #"{"name": "p", "agent_id": "a", "timezone": "UTC""#
        let british = try Campaign.parse(Data((base + #", "from_number": "+15550100000", "default_region": "GB"}"#).utf8), file: "p.json")
        #expect(PhoneDisplay(campaign: british).homeCountryCode == 44)
        let american = try Campaign.parse(Data((base + #", "from_number": "+12125550100"}"#).utf8), file: "p.json")
        #expect(PhoneDisplay(campaign: american).homeCountryCode == 1)
    }
}
