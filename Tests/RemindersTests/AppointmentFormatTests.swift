import Foundation
import Testing
@testable import Reminders

/// `appointment_format`: local appointment times as exports write them, read only one way (issue 17).
@Suite struct AppointmentFormatTests {
    static let newYork = TimeZone(identifier: "America/New_York")!
    static func utc(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: seconds) }

    @Test(arguments: [
        ("M/D/YYYY h:mm A", "12/4/2026 9:00 AM", 1_796_392_800.0),
        ("M/D/YYYY h:mm A", "12/04/2026 09:00 am", 1_796_392_800),
        ("M/D/YYYY h:mm A", "  12/4/2026   9:00 PM ", 1_796_436_000),
        ("M/D/YYYY h:mm A", "12/4/2026 12:15 AM", 1_796_361_300),
        ("M/D/YYYY h:mm A", "12/4/2026 12:15 PM", 1_796_404_500),
        ("DD.MM.YYYY HH:mm", "04.12.2026 09:00", 1_796_392_800),
        ("YYYY-MM-DD HH:mm:ss", " 2026-12-04 09:00:30", 1_796_392_830),  // surrounding spaces are ignored
        ("D/M/YYYY H:mm", "4/12/2026 9:00", 1_796_392_800),
    ])
    func readsTheLocalTimeItDescribes(pattern: String, text: String, expected: TimeInterval) throws {
        let format = try AppointmentFormat(pattern: pattern)
        #expect(try AppointmentTime.parse(text, timeZone: Self.newYork, format: format) == Self.utc(expected))
    }

    @Test func theSameDigitsAreReadOnlyTheWayThePatternSays() throws {
        let american = try AppointmentFormat(pattern: "MM/DD/YYYY HH:mm")
        let european = try AppointmentFormat(pattern: "DD/MM/YYYY HH:mm")
        let march4 = try AppointmentTime.parse("03/04/2027 10:00", timeZone: Self.newYork, format: american)
        let april3 = try AppointmentTime.parse("03/04/2027 10:00", timeZone: Self.newYork, format: european)
        #expect(april3.timeIntervalSince(march4) == 30 * 86_400 - 3600)  // DST began 14 March 2027
    }

    @Test(arguments: [
        ("M/D/YYYY h:mm A", " 2026-12-04 09:00", AppointmentTimeError.notInFormat("M/D/YYYY h:mm A")),
        ("M/D/YYYY h:mm A", "12/4/2026 9:00", .notInFormat("M/D/YYYY h:mm A")),
        ("M/D/YYYY h:mm A", "12/4/2026 13:00 PM", .invalidTime),
        ("M/D/YYYY h:mm A", "2/29/2027 9:00 AM", .invalidDate),
        ("MM/DD/YYYY HH:mm", "1/05/2027 09:00", .notInFormat("MM/DD/YYYY HH:mm")),
        ("DD.MM.YYYY HH:mm", "04.12.2026 24:00", .invalidTime),
        // 14 March 2027, 2:30 in New York: clocks go from 2:00 to 3:00.
        ("M/D/YYYY h:mm A", "3/14/2027 2:30 AM", .nonexistentLocalTime(timeZone: "America/New_York")),
    ])
    func refusesWhatDoesNotFit(pattern: String, text: String, error: AppointmentTimeError) throws {
        let format = try AppointmentFormat(pattern: pattern)
        #expect(throws: error) { try AppointmentTime.parse(text, timeZone: Self.newYork, format: format) }
    }

    @Test func aRepeatedLocalTimeIsTheEarlierInstant() throws {
        // 7 November 2027, 1:30 in New York happens twice; the reminder takes the first.
        let format = try AppointmentFormat(pattern: "M/D/YYYY h:mm A")
        let at = try AppointmentTime.parse("11/7/2027 1:30 AM", timeZone: Self.newYork, format: format)
        #expect(Self.newYork.secondsFromGMT(for: at) == -4 * 3600)
    }

    @Test(arguments: [
        ("MM/DD/YY HH:mm", AppointmentFormatError.twoDigitYear),
        ("MM/DD/YYYY", .missingHour),
        ("HH:mm", .missingDate),
        ("MM/DD/YYYY hh:mm", .meridiemWithout12HourClock),
        ("MM/DD/YYYY HH:mm A", .meridiemWithout12HourClock),
        ("MM/DD/YYYY HH:mm hh", .twoHours),
        ("MDYYYY HH:mm", .ambiguousDigits),
        ("MM/DD/YYYY HH:mm Q", .unknownToken("Q")),
    ])
    func refusesPatternsThatWouldGuess(pattern: String, error: AppointmentFormatError) {
        #expect(throws: error) { try AppointmentFormat(pattern: pattern) }
    }

    @Test func localTextIsWhatTemplatesRead() {
        #expect(AppointmentTime.localText(Self.utc(1_796_392_830), timeZone: Self.newYork) == ["2026", "12", "04T09:00:30"].joined(separator: "-"))
    }
}
