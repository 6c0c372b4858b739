import Foundation
import Reminders
import RemindersStore
import Testing

@Suite struct DialGuardTests {
    static let utc = TimeZone(identifier: "UTC") ?? .current
    static let newYork = TimeZone(identifier: "America/New_York") ?? .current

    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    /// An active campaign's attempt due now, 09:00–20:00 in the contact's zone, appointment next afternoon.
    static func facts(
        state: CampaignState = .active, suppressed: Bool = false, appointment: String = "2026-11-26T18:00:00Z",
        zone: TimeZone = utc, otherDials: [String] = [], dueAt: String = "2026-11-25T12:00:00Z", submitAhead: Bool = false
    ) -> DialGuard.Facts {
        DialGuard.Facts(
            campaignState: state, suppressed: suppressed, appointment: at(appointment), timeZone: zone,
            callingHours: .default, frequencyCap: .default, otherDials: otherDials.map(at), dueAt: at(dueAt),
            submitAhead: submitAhead)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let facts: DialGuard.Facts
        let now: String
        let expected: DialGuard.Verdict
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "inside the window", facts: facts(), now: "2026-11-25T12:00:00Z", expected: .dial(scheduledAt: nil)),
        Case(name: "cancelled campaign", facts: facts(state: .cancelled), now: "2026-11-25T12:00:00Z",
             expected: .settle(.campaignCancelled)),
        Case(name: "paused campaign waits", facts: facts(state: .paused), now: "2026-11-25T12:00:00Z",
             expected: .reschedule(at: at("2026-11-25T12:00:00Z"), reason: "campaign_paused")),
        Case(name: "suppressed number", facts: facts(suppressed: true), now: "2026-11-25T12:00:00Z", expected: .settle(.suppressed)),
        Case(name: "appointment passed", facts: facts(appointment: "2026-11-25T11:00:00Z"), now: "2026-11-25T12:00:00Z",
             expected: .settle(.appointmentPassed)),
        Case(name: "inside the last quarter hour", facts: facts(appointment: "2026-11-25T12:10:00Z"), now: "2026-11-25T12:00:00Z",
             expected: .settle(.appointmentPassed)),
        Case(name: "before the window opens", facts: facts(), now: "2026-11-25T07:30:00Z",
             expected: .reschedule(at: at("2026-11-25T09:00:00Z"), reason: "outside_calling_hours")),
        Case(name: "after the window, next morning", facts: facts(), now: "2026-11-25T20:00:00Z",
             expected: .reschedule(at: at("2026-11-26T09:00:00Z"), reason: "outside_calling_hours")),
        Case(name: "window in the contact's zone, not ours", facts: facts(zone: newYork), now: "2026-11-25T12:00:00Z",
             expected: .reschedule(at: at("2026-11-25T14:00:00Z"), reason: "outside_calling_hours")),
        Case(name: "no window before the appointment", facts: facts(appointment: "2026-11-25T21:30:00Z"), now: "2026-11-25T20:30:00Z",
             expected: .settle(.noCallingWindowBeforeAppointment)),
        Case(name: "capped today, allowed tomorrow", facts: facts(otherDials: ["2026-11-25T10:00:00Z"]), now: "2026-11-25T12:00:00Z",
             expected: .reschedule(at: at("2026-11-26T10:00:00Z"), reason: "frequency_cap")),
        Case(name: "capped until after the appointment",
             facts: facts(appointment: "2026-11-25T18:00:00Z", otherDials: ["2026-11-25T10:00:00Z"]), now: "2026-11-25T12:00:00Z",
             expected: .settle(.frequencyCap)),
        Case(name: "a dial older than a day does not count for the day",
             facts: facts(otherDials: ["2026-11-24T11:00:00Z"]), now: "2026-11-25T12:00:00Z", expected: .dial(scheduledAt: nil)),
        Case(name: "three this week", facts: facts(appointment: "2026-11-30T18:00:00Z",
             otherDials: ["2026-11-20T12:00:00Z", "2026-11-22T12:00:00Z", "2026-11-24T10:00:00Z"]), now: "2026-11-25T12:00:00Z",
             expected: .reschedule(at: at("2026-11-27T12:00:00Z"), reason: "frequency_cap")),
        Case(name: "submit ahead at night: queued for the morning",
             facts: facts(dueAt: "2026-11-26T09:00:00Z", submitAhead: true), now: "2026-11-25T23:00:00Z",
             expected: .dial(scheduledAt: at("2026-11-26T09:00:00Z"))),
        Case(name: "submit ahead due now is dialed now",
             facts: facts(dueAt: "2026-11-25T11:00:00Z", submitAhead: true), now: "2026-11-25T12:00:00Z",
             expected: .dial(scheduledAt: nil)),
    ]

    @Test(arguments: cases) func verdict(_ test: Case) {
        #expect(DialGuard.check(test.facts, now: Self.at(test.now)) == test.expected)
    }
}
