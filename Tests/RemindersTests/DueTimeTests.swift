import Foundation
import Testing
@testable import Reminders

@Suite("DueTime")
struct DueTimeTests {
    private func at(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text), "bad fixture \(text)")
    }

    private func losAngeles() throws -> TimeZone { try #require(TimeZone(identifier: "America/Los_Angeles")) }

    private func due(appointment: String, remindBefore: String?, now: String) throws -> DueTime {
        DueTime.firstAttempt(
            appointment: try at(appointment),
            remindBefore: try remindBefore.map { try CampaignDuration(parsing: $0) },
            callingHours: .default,
            timeZone: try losAngeles(),
            now: try at(now)
        )
    }

    /// Times are Los Angeles local (PST, −08:00); calling hours are the default 09:00–20:00.
    @Test(arguments: [
        // A day ahead, inside the window: exactly appointment − 24 h.
        ("2026-11-26T10:00:00-08:00", "24h", "2026-11-24T12:00:00-08:00", "2026-11-25T10:00:00-08:00"),
        // The target is before the window opens: moved to 09:00.
        ("2026-11-26T08:30:00-08:00", "24h", "2026-11-24T12:00:00-08:00", "2026-11-25T09:00:00-08:00"),
        // The target is after the window closes: moved to the next morning, the appointment day.
        ("2026-11-26T21:30:00-08:00", "24h", "2026-11-24T12:00:00-08:00", "2026-11-26T09:00:00-08:00"),
        // The target is already past: due now.
        ("2026-11-25T18:00:00-08:00", "24h", "2026-11-25T10:00:00-08:00", "2026-11-25T10:00:00-08:00"),
        // No remind_before: due now when inside the window...
        ("2026-11-27T10:00:00-08:00", nil, "2026-11-25T10:00:00-08:00", "2026-11-25T10:00:00-08:00"),
        // ...or at the next opening.
        ("2026-11-27T10:00:00-08:00", nil, "2026-11-25T22:00:00-08:00", "2026-11-26T09:00:00-08:00"),
        // The opening is exactly the margin before the appointment: still allowed.
        ("2026-11-25T09:15:00-08:00", nil, "2026-11-25T07:00:00-08:00", "2026-11-25T09:00:00-08:00"),
    ])
    func dueAtTheNextWindowOpening(appointment: String, remindBefore: String?, now: String, expected: String) throws {
        #expect(try due(appointment: appointment, remindBefore: remindBefore, now: now) == .due(try at(expected)))
    }

    @Test(arguments: [
        ("2026-11-25T10:00:00-08:00", "2026-11-25T10:00:00-08:00", DueTime.SkipReason.appointmentPassed),
        ("2026-11-25T10:00:00-08:00", "2026-11-25T11:00:00-08:00", .appointmentPassed),
        ("2026-11-25T10:00:00-08:00", "2026-11-25T09:50:00-08:00", .tooCloseToAppointment),
        // Evening before an 08:30 appointment: the morning window opens after it.
        ("2026-11-26T08:30:00-08:00", "2026-11-25T20:30:00-08:00", .noCallingWindowBeforeAppointment),
        // One second short of the margin.
        ("2026-11-25T09:14:59-08:00", "2026-11-25T07:00:00-08:00", .noCallingWindowBeforeAppointment),
    ])
    func skipsWhenNoUsefulCallIsPossible(appointment: String, now: String, reason: DueTime.SkipReason) throws {
        #expect(try due(appointment: appointment, remindBefore: "2h", now: now) == .skip(reason))
    }

    @Test func theMarginIsAQuarterHour() {
        #expect(DueTime.appointmentMargin == 900)
    }
}
