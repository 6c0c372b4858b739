import Foundation
import Testing

@testable import Reminders

/// An instant written in UTC, read with Foundation's own ISO 8601 parser.
private func utc(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
    guard let date = formatter.date(from: text) else { fatalError("bad test instant \(text)") }
    return date
}

private func zone(_ identifier: String) -> TimeZone {
    guard let zone = TimeZone(identifier: identifier) else { fatalError("unknown test zone \(identifier)") }
    return zone
}

struct AppointmentTimeTests {
    static let withOffsets: [(String, String)] = [
        ("2026-11-26T09:30:00-05:00", "2026-11-26T14:30:00Z"),
        ("2026-11-26T09:30:00Z", "2026-11-26T09:30:00Z"),
        ("2026-11-26t09:30:00z", "2026-11-26T09:30:00Z"),
        ("2026-11-26T09:30:00.250Z", "2026-11-26T09:30:00.250Z"),
        ("2026-11-26T09:30:00,5+01:00", "2026-11-26T08:30:00.500Z"),
        ("2026-11-26T09:30+0530", "2026-11-26T04:00:00Z"),
        ("2026-11-26T09:30:00+05", "2026-11-26T04:30:00Z"),
        ("2026-11-26 09:30:00+00:00", "2026-11-26T09:30:00Z"),
        ("  2026-11-26T09:30:00Z ", "2026-11-26T09:30:00Z"),
        ("2028-02-29T12:00:00-08:00", "2028-02-29T20:00:00Z"),
        ("1999-12-31T23:59:59+14:00", "1999-12-31T09:59:59Z"),
    ]

    @Test(arguments: withOffsets)
    func readsInstantsWithAnOffsetWhateverTheZone(_ text: String, expected: String) throws {
        for identifier in ["America/New_York", "Australia/Sydney"] {
            #expect(try AppointmentTime.parse(text, timeZone: zone(identifier)) == utc(expected))
        }
    }

    static let local: [(String, String, String)] = [
        ("America/New_York", "2026-11-26T09:30", "2026-11-26T14:30:00Z"),
        ("America/New_York", "2026-11-26 09:30:00", "2026-11-26T14:30:00Z"),
        ("America/New_York", "2026-07-01T09:30", "2026-07-01T13:30:00Z"),
        ("America/New_York", "2026-03-08T01:59", "2026-03-08T06:59:00Z"),
        ("America/New_York", "2026-03-08T03:00", "2026-03-08T07:00:00Z"),
        ("America/New_York", "2026-11-01T00:59", "2026-11-01T04:59:00Z"),
        ("America/New_York", "2026-11-01T01:30", "2026-11-01T05:30:00Z"),  // repeated: the earlier (EDT)
        ("America/New_York", "2026-11-01T02:00", "2026-11-01T07:00:00Z"),
        ("Europe/London", "2026-11-26 09:30", "2026-11-26T09:30:00Z"),
        ("Europe/London", "2026-03-29 00:59", "2026-03-29T00:59:00Z"),
        ("Europe/London", "2026-03-29 02:00", "2026-03-29T01:00:00Z"),
        ("Europe/London", "2026-10-25 01:30", "2026-10-25T00:30:00Z"),  // repeated: the earlier (BST)
        ("Europe/London", "2026-10-25 02:00", "2026-10-25T02:00:00Z"),
        ("Australia/Sydney", "2026-11-26T09:30", "2026-11-25T22:30:00Z"),
        ("Australia/Sydney", "2026-07-01T09:30", "2026-06-30T23:30:00Z"),
        ("Australia/Sydney", "2026-04-05T02:30", "2026-04-04T15:30:00Z"),  // repeated: the earlier (AEDT)
        ("Australia/Sydney", "2026-04-05T03:00", "2026-04-04T17:00:00Z"),
        ("Australia/Sydney", "2026-10-04T01:59", "2026-10-03T15:59:00Z"),
        ("Australia/Sydney", "2026-10-04T03:00", "2026-10-03T16:00:00Z"),
        ("UTC", "2026-11-26T09:30:15.5", "2026-11-26T09:30:15.500Z"),
    ]

    @Test(arguments: local)
    func readsLocalTimesInTheContactsZone(_ identifier: String, text: String, expected: String) throws {
        #expect(try AppointmentTime.parse(text, timeZone: zone(identifier)) == utc(expected))
    }

    @Test(arguments: [
        ("America/New_York", "2026-03-08T02:00"), ("America/New_York", "2026-03-08T02:30"),
        ("Europe/London", "2026-03-29 01:00"), ("Europe/London", "2026-03-29T01:30:00"),
        ("Australia/Sydney", "2026-10-04T02:30"), ("Australia/Sydney", "2026-10-04T02:59:59"),
    ])
    func refusesLocalTimesInADaylightSavingGap(_ identifier: String, text: String) {
        #expect(throws: AppointmentTimeError.nonexistentLocalTime(timeZone: identifier)) {
            try AppointmentTime.parse(text, timeZone: zone(identifier))
        }
    }

    @Test func aGapOnlyMattersForLocalTimes() throws {
        let instant = try AppointmentTime.parse("2026-03-08T02:30:00-05:00", timeZone: zone("America/New_York"))
        #expect(instant == utc("2026-03-08T07:30:00Z"))
    }

    @Test(arguments: [
        ("", AppointmentTimeError.invalidFormat),
        ("26/11/2026 09:30", .invalidFormat),
        ("2026-11-26", .invalidFormat),
        ("2026-11-26T9:30", .invalidFormat),
        ("2026-11-26T09:30:00.Z", .invalidFormat),
        ("2026-11-26T09:30:00.1234567891Z", .invalidFormat),
        ("2026-11-26T09:30:00Z tomorrow", .invalidFormat),
        ("2026-11-26T09:30:00 EST", .invalidFormat),
        ("2026-13-01T09:30", .invalidDate),
        ("2026-00-10T09:30", .invalidDate),
        ("2026-02-29T09:30", .invalidDate),
        ("2026-04-31T09:30", .invalidDate),
        ("2026-11-26T24:00", .invalidTime),
        ("2026-11-26T09:60", .invalidTime),
        ("2026-11-26T09:30:60Z", .invalidTime),
        ("2026-11-26T09:30:00+19:00", .invalidOffset),
        ("2026-11-26T09:30:00+05:7", .invalidOffset),
        ("2026-11-26T09:30:00+05:75", .invalidOffset),
    ])
    func refusesMalformedTimes(_ text: String, error: AppointmentTimeError) {
        #expect(throws: error) { try AppointmentTime.parse(text, timeZone: zone("Europe/London")) }
    }

    @Test func describesTheGapWithTheZone() {
        #expect(AppointmentTimeError.nonexistentLocalTime(timeZone: "Europe/London").description
            == "the local time does not exist in Europe/London: clocks skip it for daylight saving")
    }

    @Test(arguments: [
        ("America/New_York", -5 * 3600), ("Europe/London", 0), ("Australia/Sydney", 11 * 3600),
        ("UTC", 0), ("Asia/Kolkata", 19_800), (" Europe/Paris ", 3600),
    ])
    func acceptsIANANames(_ name: String, januaryOffset: Int) throws {
        let zone = try TimeZoneName.parse(name)
        #expect(zone.secondsFromGMT(for: utc("2026-01-15T12:00:00Z")) == januaryOffset)
    }

    @Test(arguments: [
        ("EST", TimeZoneError.abbreviation("EST", suggestion: "America/New_York")),
        ("PST", .abbreviation("PST", suggestion: "America/Los_Angeles")),
        ("CET", .abbreviation("CET", suggestion: "Europe/Paris")),
        ("IST", .abbreviation("IST", suggestion: "Asia/Kolkata")),
        ("XYZT", .abbreviation("XYZT", suggestion: nil)),
        ("", .empty),
        ("  ", .empty),
        ("america/new_york", .unknown("america/new_york", suggestion: "America/New_York")),
        ("Mars/Olympus_Mons", .unknown("Mars/Olympus_Mons", suggestion: nil)),
        ("-05:00", .unknown("-05:00", suggestion: nil)),
    ])
    func refusesAbbreviationsAndUnknownNames(_ name: String, error: TimeZoneError) {
        #expect(throws: error) { try TimeZoneName.parse(name) }
    }

    @Test func explainsWhyAnAbbreviationIsRefused() {
        #expect(TimeZoneError.abbreviation("EST", suggestion: "America/New_York").description
            == "\"EST\" is an abbreviation, not a time zone: it does not say which (did you mean America/New_York?)")
    }
}
