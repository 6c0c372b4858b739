import Foundation
import Testing
@testable import Reminders

@Suite("CallingHours")
struct CallingHoursTests {
    private func zone(_ identifier: String) throws -> TimeZone {
        try #require(TimeZone(identifier: identifier))
    }

    private func at(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text), "bad fixture \(text)")
    }

    private func hours(_ start: String, _ end: String, days: Set<Weekday> = Set(Weekday.allCases)) throws -> CallingHours {
        CallingHours(
            start: try #require(LocalTime(parsing: start)),
            end: try #require(LocalTime(parsing: end)),
            days: days,
            overrideLegalHours: true
        )
    }

    /// (zone, instant, inside the default 09:00–20:00?)
    @Test(arguments: [
        ("America/Los_Angeles", "2026-11-24T17:00:00Z", true),  // 09:00 PST: start included
        ("America/Los_Angeles", "2026-11-24T16:59:59Z", false),
        ("America/Los_Angeles", "2026-11-25T03:59:59Z", true),  // 19:59:59 PST
        ("America/Los_Angeles", "2026-11-25T04:00:00Z", false),  // 20:00 PST: end excluded
        ("Europe/Berlin", "2026-11-24T08:00:00Z", true),  // 09:00 CET
        ("Europe/Berlin", "2026-07-01T07:00:00Z", true),  // 09:00 CEST
        ("Europe/Berlin", "2026-07-01T06:59:00Z", false),
        ("Asia/Kolkata", "2026-11-24T03:30:00Z", true),  // 09:00 IST (+05:30)
        ("Asia/Kolkata", "2026-11-24T03:29:59Z", false),
        ("Asia/Kolkata", "2026-11-24T14:30:00Z", false),  // 20:00 IST
        ("Australia/Sydney", "2026-11-23T22:00:00Z", true),  // 09:00 AEDT (+11)
        ("Australia/Sydney", "2026-06-30T23:00:00Z", true),  // 09:00 AEST (+10)
        ("Australia/Sydney", "2026-06-30T22:59:00Z", false),
    ])
    func containsUsesTheContactsWallClock(zoneID: String, instant: String, inside: Bool) throws {
        #expect(CallingHours.default.contains(try at(instant), timeZone: try zone(zoneID)) == inside)
    }

    @Test func nextOpeningIsTheInstantItselfWhenInside() throws {
        let instant = try at("2026-11-24T18:30:00Z")
        #expect(CallingHours.default.nextOpening(atOrAfter: instant, timeZone: try zone("America/Los_Angeles")) == instant)
    }

    @Test(arguments: [
        // Before the window: today's start.
        ("America/Los_Angeles", "2026-11-24T10:00:00Z", "2026-11-24T17:00:00Z"),
        // After the window: tomorrow's start.
        ("America/Los_Angeles", "2026-11-25T05:00:00Z", "2026-11-25T17:00:00Z"),
        ("Asia/Kolkata", "2026-11-24T15:00:00Z", "2026-11-25T03:30:00Z"),
        ("Australia/Sydney", "2026-11-24T10:00:00Z", "2026-11-24T22:00:00Z"),
        ("Europe/Berlin", "2026-11-24T19:00:00Z", "2026-11-25T08:00:00Z"),
    ])
    func nextOpeningOutsideIsTheNextWindowStart(zoneID: String, instant: String, expected: String) throws {
        let opening = CallingHours.default.nextOpening(atOrAfter: try at(instant), timeZone: try zone(zoneID))
        #expect(opening == (try at(expected)))
    }

    @Test func nextOpeningSkipsDaysNotListed() throws {
        // Friday 2026-11-27 evening in Berlin; weekdays only: Monday 09:00 CET.
        let weekdays: Set<Weekday> = [.monday, .tuesday, .wednesday, .thursday, .friday]
        let hours = try hours("09:00", "17:00", days: weekdays)
        let opening = hours.nextOpening(atOrAfter: try at("2026-11-27T17:00:00Z"), timeZone: try zone("Europe/Berlin"))
        #expect(opening == (try at("2026-11-30T08:00:00Z")))
        #expect(!hours.contains(try at("2026-11-28T10:00:00Z"), timeZone: try zone("Europe/Berlin")))
    }

    @Test func neverOpensWithoutDaysOrWithAnEmptyWindow() throws {
        let berlin = try zone("Europe/Berlin")
        let now = try at("2026-11-24T10:00:00Z")
        #expect(try hours("09:00", "17:00", days: []).nextOpening(atOrAfter: now, timeZone: berlin) == nil)
        #expect(try hours("17:00", "09:00").nextOpening(atOrAfter: now, timeZone: berlin) == nil)
        #expect(try hours("17:00", "17:00").contains(now, timeZone: berlin) == false)
    }

    @Test func windowEndIsTheLocalEndOfTheSameWindow() throws {
        let sydney = try zone("Australia/Sydney")
        #expect(CallingHours.default.windowEnd(containing: try at("2026-11-24T01:00:00Z"), timeZone: sydney) == (try at("2026-11-24T09:00:00Z")))
        #expect(CallingHours.default.windowEnd(containing: try at("2026-11-24T10:00:00Z"), timeZone: sydney) == nil)
    }

    /// Window starts on DST-change days follow the local clock, not a fixed UTC offset.
    @Test(arguments: [
        // Los Angeles springs forward on 2026-03-08 (PST → PDT) and falls back on 2026-11-01.
        ("America/Los_Angeles", "2026-03-07T12:00:00Z", "2026-03-07T17:00:00Z"),
        ("America/Los_Angeles", "2026-03-08T12:00:00Z", "2026-03-08T16:00:00Z"),
        ("America/Los_Angeles", "2026-10-31T12:00:00Z", "2026-10-31T16:00:00Z"),
        ("America/Los_Angeles", "2026-11-01T12:00:00Z", "2026-11-01T17:00:00Z"),
        // Berlin: 2026-03-29 and 2026-10-25.
        ("Europe/Berlin", "2026-03-29T03:00:00Z", "2026-03-29T07:00:00Z"),
        ("Europe/Berlin", "2026-10-25T03:00:00Z", "2026-10-25T08:00:00Z"),
        // Sydney: DST starts 2026-10-04, ends 2026-04-05.
        ("Australia/Sydney", "2026-10-03T18:00:00Z", "2026-10-03T22:00:00Z"),
        ("Australia/Sydney", "2026-04-04T18:00:00Z", "2026-04-04T23:00:00Z"),
    ])
    func defaultWindowOnDSTDays(zoneID: String, instant: String, expected: String) throws {
        let opening = CallingHours.default.nextOpening(atOrAfter: try at(instant), timeZone: try zone(zoneID))
        #expect(opening == (try at(expected)))
    }

    /// A start inside the skipped hour opens at the first valid instant after it: the transition.
    @Test(arguments: [
        ("America/Los_Angeles", "2026-03-08T08:00:00Z", "2026-03-08T10:00:00Z"),  // 02:30 → 03:00 PDT
        ("Europe/Berlin", "2026-03-28T23:30:00Z", "2026-03-29T01:00:00Z"),  // 02:30 → 03:00 CEST
        ("Australia/Sydney", "2026-10-03T14:00:00Z", "2026-10-03T16:00:00Z"),  // 02:30 → 03:00 AEDT
    ])
    func startInADSTGapMovesToTheTransition(zoneID: String, instant: String, expected: String) throws {
        let hours = try hours("02:30", "05:00")
        let timeZone = try zone(zoneID)
        let opening = try #require(hours.nextOpening(atOrAfter: try at(instant), timeZone: timeZone))
        #expect(opening == (try at(expected)))
        #expect(hours.contains(opening, timeZone: timeZone))
        #expect(!hours.contains(opening.addingTimeInterval(-1), timeZone: timeZone))
    }

    @Test func startInARepeatedHourOpensAtItsFirstOccurrence() throws {
        // 01:30 happens twice in Los Angeles on 2026-11-01: 08:30Z (PDT) and 09:30Z (PST).
        let hours = try hours("01:30", "04:00")
        let opening = hours.nextOpening(atOrAfter: try at("2026-11-01T06:00:00Z"), timeZone: try zone("America/Los_Angeles"))
        #expect(opening == (try at("2026-11-01T08:30:00Z")))
    }

    /// Over two years of instants, the next opening is never earlier than asked, always inside a
    /// window, equal to the instant when it is inside, and nothing in between is inside.
    @Test(arguments: ["America/Los_Angeles", "Europe/Berlin", "Asia/Kolkata", "Australia/Sydney"])
    func nextOpeningInvariantsHoldAllYear(zoneID: String) throws {
        let timeZone = try zone(zoneID)
        let hours = try hours("08:15", "20:45", days: [.monday, .wednesday, .saturday])
        var instant = try at("2026-01-01T00:00:00Z")
        let end = try at("2028-01-01T00:00:00Z")
        while instant < end {
            let opening = try #require(hours.nextOpening(atOrAfter: instant, timeZone: timeZone))
            #expect(opening >= instant)
            #expect(hours.contains(opening, timeZone: timeZone))
            if hours.contains(instant, timeZone: timeZone) {
                #expect(opening == instant)
            } else {
                // Sample the gap: no earlier instant may be inside a window.
                let gap = opening.timeIntervalSince(instant)
                for fraction in [0.25, 0.5, 0.75, 0.999] {
                    #expect(!hours.contains(instant.addingTimeInterval(gap * fraction), timeZone: timeZone))
                }
            }
            instant = instant.addingTimeInterval(7 * 3_600 + 13 * 60 + 7)
        }
    }

    @Test func legalHoursCheck() throws {
        #expect(CallingHours.default.isWithinLegalHours)
        #expect(try hours("08:00", "21:00").isWithinLegalHours)
        #expect(try !hours("07:59", "20:00").isWithinLegalHours)
        #expect(try !hours("09:00", "21:01").isWithinLegalHours)
    }

    /// "00:00"–"24:00" is open at every instant, through DST changes in both directions: the
    /// window of each day ends where the next one begins. Sampled every 7 min 13 s for a year
    /// from a fixed instant (in 2026), so that the last minute of each day is among the samples.
    @Test(arguments: ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"])
    func midnightToMidnightIsAlwaysOpen(zoneID: String) throws {
        let allDay = try hours("00:00", "24:00")
        let timeZone = try zone(zoneID)
        let first = Date(timeIntervalSince1970: 1_767_225_600)
        var instant = first
        var closed: [Date] = []
        while instant < first.addingTimeInterval(366 * 86_400) {
            if !allDay.contains(instant, timeZone: timeZone) || allDay.nextOpening(atOrAfter: instant, timeZone: timeZone) != instant {
                closed.append(instant)
            }
            instant.addTimeInterval(433)
        }
        #expect(closed.isEmpty, "closed at \(closed.prefix(3))")
        #expect(allDay.contains(Date(timeIntervalSince1970: 1_767_225_599), timeZone: try zone("UTC")))
    }

    @Test func twentyFourHundredEndsADay() throws {
        #expect(LocalTime(parsing: "24:00") == LocalTime.endOfDay)
        #expect(LocalTime.endOfDay.secondsIntoDay == 86_400)
        #expect(LocalTime.endOfDay.description == "24:00")
        #expect(LocalTime(parsing: "24:01") == nil)
        #expect(LocalTime(parsing: "25:00") == nil)
        #expect(try #require(LocalTime(parsing: "23:59")) < LocalTime.endOfDay)
    }
}
