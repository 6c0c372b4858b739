import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import Worker

/// `source.postgres.recheck` (issue 17): just before each dial the practice system is asked
/// whether the appointment still stands; a cancelled or vanished one is never called, and an
/// unreachable source is waited for, then handled as the campaign says.
@Suite(.serialized) struct SourceRecheckTests {
    static func campaign(wait: String = "15m", unavailable: String = "dial") -> String {
        """
        , "columns": {"status": "status"}, "cancelled_values": ["cancelled"],
        "source": {"postgres": {"query": "SELECT 1", "recheck": "SELECT status FROM appointments WHERE id = $1",
                                "recheck_wait": "\(wait)", "recheck_unavailable": "\(unavailable)"}}
        """
    }

    static func reasons(_ db: Connection) throws -> [String: String] {
        var reasons: [String: String] = [:]
        for row in try db.query("SELECT external_id, status || ':' || coalesce(status_reason, '') AS s FROM contacts") {
            reasons[try row.decode("external_id")] = try row.decode("s")
        }
        return reasons
    }

    @Test func aCancelledOrVanishedAppointmentIsNotCalled() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: Self.campaign())
            let numbers = DispatchFixture.numbers(3)
            try fixture.addContacts(numbers)
            try db.execute("CREATE TABLE appointments (id text PRIMARY KEY, status text)")
            try db.execute("INSERT INTO appointments VALUES ('c0', 'Scheduled'), ('c1', ' Cancelled ')")
            var configuration = fixture.configuration()
            configuration.sourceDatabaseURL = url
            let summary = try fixture.dispatcher(configuration).run()
            #expect(summary.ending == .settled)
            #expect(fixture.dialsByNumber(acceptedOnly: false) == [numbers[0]: 1])
            let reasons = try Self.reasons(db)
            #expect(reasons["c0"] == "reached:")
            #expect(reasons["c1"] == "cancelled:cancelled_in_source")
            #expect(reasons["c2"] == "cancelled:removed_from_source")
        }
    }

    @Test(arguments: [("dial", "reached:", 1), ("skip", "skipped:source_unavailable", 0)])
    func anUnreachableSourceIsHandledAsTheCampaignSays(unavailable: String, outcome: String, dials: Int) throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: Self.campaign(wait: "0s", unavailable: unavailable))
            let numbers = DispatchFixture.numbers(1)
            try fixture.addContacts(numbers)
            var configuration = fixture.configuration()
            configuration.sourceDatabaseURL = "postgresql://nobody@127.0.0.1:9/none?connect_timeout=2"
            _ = try fixture.dispatcher(configuration).run()
            #expect(fixture.dialsByNumber(acceptedOnly: false).values.reduce(0, +) == dials)
            #expect(try Self.reasons(db)["c0"] == outcome)
        }
    }

    @Test func anUnreachableSourceIsWaitedForFirst() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: Self.campaign(wait: "1h", unavailable: "dial"))
            try fixture.addContacts(DispatchFixture.numbers(1))
            var configuration = fixture.configuration()
            configuration.sourceDatabaseURL = "postgresql://nobody@127.0.0.1:9/none?connect_timeout=2"
            configuration.until = Date().addingTimeInterval(3)
            _ = try fixture.dispatcher(configuration).run()
            #expect(fixture.dialsByNumber(acceptedOnly: false).isEmpty)
            let attempt = try db.query("SELECT state, error FROM call_attempts")[0]
            #expect(try attempt.decode("state", as: String.self) == "scheduled")
            #expect(try attempt.decode("error", as: String?.self) == "source_unavailable")
            #expect(try Self.reasons(db)["c0"] == "pending:")
        }
    }
}
