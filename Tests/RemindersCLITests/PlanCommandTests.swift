import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
@testable import RemindersCLI

@Suite struct PlanCommandTests {
    static let utc = TimeZone(identifier: "UTC") ?? .current
    static let tokyo = TimeZone(identifier: "Asia/Tokyo") ?? .current

    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func campaign(perMinute: Int = 10) -> Campaign {
        Campaign(name: "plan", agentID: "a", fromNumber: "+15550100000", timeZone: utc,
                 rateLimit: RateLimit(perMinute: perMinute, burst: 1))
    }

    static func pending(_ index: Int, due: String, zone: TimeZone = utc, appointment: String = "2026-11-26T15:00:00Z") -> DialPlan.Pending {
        DialPlan.Pending(
            attemptID: Int64(index), dueAt: at(due), timeZone: zone, zoneName: zone.identifier, appointment: at(appointment),
            label: "A\(index)", maskedNumber: "+1******013\(index)")
    }

    /// One enforced interval apart, as the run spaces them: 6 s at 10 a minute plus the limiter's
    /// latency margin (before, the plan used the bare 6 s and promised a faster batch than the run).
    @Test func callsGoOneIntervalApartFromTheFirstDueTime() {
        let items = (0..<3).map { Self.pending($0, due: "2026-11-25T12:00:00Z") }
        let plan = DialPlan.make(items, campaign: Self.campaign(), now: Self.at("2026-11-25T11:00:00Z"))
        let first = items[0].dueAt
        #expect(plan.entries.map(\.at) == [first, first.addingTimeInterval(6.03), first.addingTimeInterval(12.06)])
    }

    /// Among the attempts due at a slot, the plan dials the earliest appointment first, as the
    /// claim does (issue 15: the plan ordered by due time and promised another order than the run's).
    @Test func theEarliestAppointmentAmongTheDueGoesFirst() {
        let noon = Date(timeIntervalSince1970: 1_795_176_000)
        func item(_ id: Int64, due: TimeInterval, appointmentInDays days: Double) -> DialPlan.Pending {
            DialPlan.Pending(
                attemptID: id, dueAt: noon.addingTimeInterval(due), timeZone: Self.utc, zoneName: "UTC",
                appointment: noon.addingTimeInterval(days * 86_400), label: "A\(id)", maskedNumber: "+1******013\(id)")
        }
        let items = [item(1, due: -60, appointmentInDays: 3), item(2, due: 0, appointmentInDays: 1), item(3, due: -30, appointmentInDays: 2)]
        let plan = DialPlan.make(items, campaign: Self.campaign(), now: noon)
        #expect(plan.entries.map(\.pending.attemptID) == [2, 3, 1])
        #expect(plan.entries.map(\.at) == [noon, noon.addingTimeInterval(6.03), noon.addingTimeInterval(12.06)])
    }

    @Test func aContactInAZoneThisMachineDoesNotKnowIsAMiss() {
        let noon = Date(timeIntervalSince1970: 1_795_176_000)
        let unknown = DialPlan.Pending(
            attemptID: 7, dueAt: noon, timeZone: nil, zoneName: "Mars/Olympus_Mons", appointment: noon.addingTimeInterval(86_400),
            label: "A7", maskedNumber: "+1******0137")
        let plan = DialPlan.make([unknown], campaign: Self.campaign(), now: noon)
        #expect(plan.entries.map(\.at) == [nil])
    }

    @Test func aContactOutsideItsWindowWaitsForTheOpeningInItsZone() {
        // 12:00 UTC is 21:00 in Tokyo: the next window opens at 09:00 Tokyo, 00:00 UTC.
        let plan = DialPlan.make(
            [Self.pending(0, due: "2026-11-25T12:00:00Z", zone: Self.tokyo)], campaign: Self.campaign(), now: Self.at("2026-11-25T12:00:00Z"))
        #expect(plan.entries.map(\.at) == [Self.at("2026-11-26T00:00:00Z")])
    }

    @Test func aBatchTooBigForItsWindowReportsTheMissesByZone() {
        // Window closes at 20:00; appointments at 20:30 allow calls until 20:15 but the window ends first:
        // from 19:59 at 1 a minute only one call fits.
        let items = (0..<4).map { Self.pending($0, due: "2026-11-25T19:59:00Z", appointment: "2026-11-25T20:30:00Z") }
        let plan = DialPlan.make(items, campaign: Self.campaign(perMinute: 1), now: Self.at("2026-11-25T19:59:00Z"))
        #expect(plan.entries.compactMap(\.at).count == 1)
        let text = plan.render(campaign: Self.campaign(perMinute: 1), state: "active", listAll: true)
        #expect(text.contains("3 would miss their appointment"))
        #expect(text.contains("\(Self.utc.identifier): 3"))
        #expect(text.contains("+1******0130"))
    }

    /// A campaign named `plan-test` with `contacts` scheduled attempts due now.
    static func seed(_ db: Connection, contacts: Int) throws {
        let file = #"{"name": "plan-test", "agent_id": "a", "from_number": "+15550100000", "timezone": "UTC"}"#
        let campaign = try CampaignStore.save(try Campaign.parse(Data(file.utf8), file: "t.json"), db)
        for index in 0..<contacts {
            let phone = "+1555010\(String(format: "%04d", index))"
            let contact = try db.query("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                VALUES (\(campaign.id), \("P\(index)"), \(phone), 'UTC', now() + interval '3 days', '{}', '{}', 'h') RETURNING id
                """)[0].decode("id", as: Int64.self)
            try db.execute("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number)
                VALUES (\(contact), \(campaign.id), 1, 'scheduled', now(), \(phone))
                """)
        }
    }

    @Test func planPrintsMaskedNumbersAndNeverFullOnes() throws {
        try TestDatabase.withMigrated { db, url in
            try Self.seed(db, contacts: 2)
            let run = CLIRun.run(["plan", "--campaign", "plan-test", "--list"], environment: ["DATABASE_URL": url])
            #expect(run.status == 0)
            #expect(run.output.contains("2 pending calls at 10/min"))
            #expect(run.output.contains("P0"))
            #expect(!run.output.contains("+15550100000"))
            #expect(!run.output.contains("5550100001"))
        }
    }
}
