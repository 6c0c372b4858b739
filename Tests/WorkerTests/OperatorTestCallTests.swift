import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import VoiceAPI
import VoiceSimulator
@testable import Worker

@Suite struct OperatorTestCallTests {
    static let staff = "+15550009990"

    @Test func aTestCallReachesOnlyTheStaffNumberAndLeavesTheCampaignsFiguresAlone() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "test-call")
            try fixture.saveCampaign()
            let patient = try fixture.addContact(campaign: "test-call", externalID: "A-1", phone: "+15550000010", context: #"{"first_name": "Ada"}"#)
            try fixture.addContact(campaign: "test-call", externalID: "A-2", phone: "+15550000020")
            let stored = try CampaignStore.load(name: "test-call", db)
            let stamp = Date(timeIntervalSince1970: 1_800_000_000)
            let before = try ReportQueries.report(for: stored, runID: nil, generatedAt: stamp, db)

            let caller = TestCaller(db: db, client: fixture.client, webhookBaseURL: "http://127.0.0.1:\(port)", logger: Logger(level: .error))
            let placed = try caller.call(campaign: stored, contact: "A-1", to: Self.staff)
            #expect(placed.state == .initiating)
            #expect(placed.problem == nil)
            #expect(try caller.wait(attemptID: placed.attemptID, timeout: 10) == .completed)

            let dialed = fixture.simulator.log.filter { $0.kind == .request && $0.path == "/voice/outbound/dial" }.compactMap(\.toNumber)
            #expect(dialed == [Self.staff])
            #expect(fixture.simulator.calls.first?.request.context == ["first_name": "Ada"])
            #expect(try fixture.attempt(placed.attemptID, "kind") == "test")
            #expect(try fixture.attempt(placed.attemptID, "call_id") == placed.callID)
            #expect(try fixture.attempt(patient.attemptID, "state") == "scheduled")
            #expect(try fixture.contactStatuses() == ["pending": 2])
            // The receiver recorded the test call's events against its own token.
            #expect(try db.query("SELECT count(*)::int AS n FROM call_events WHERE attempt_id = \(placed.attemptID)")[0].decode("n", as: Int.self) > 0)
            #expect(try ReportQueries.report(for: stored, runID: nil, generatedAt: stamp, db) == before)
            #expect(try RateLimiter(account: fixture.client.accountID).counters(.dial, db).granted == 1)
        }
    }

    struct RefusalCase: Sendable, CustomTestStringConvertible {
        let to: String
        let contact: String
        let refusal: TestCalls.Refusal
        var testDescription: String { "\(refusal)" }
    }

    static let refusals: [RefusalCase] = [
        RefusalCase(to: "+15550000010", contact: "A-1", refusal: .patientNumber),
        RefusalCase(to: "+15550000020", contact: "A-1", refusal: .contactNumber),
        // A patient of another campaign (before: only this campaign's numbers were refused).
        RefusalCase(to: "+15550000030", contact: "A-1", refusal: .contactNumber),
        RefusalCase(to: "+15550000777", contact: "A-1", refusal: .suppressed),
        RefusalCase(to: "5550009990", contact: "A-1", refusal: .notE164),
        RefusalCase(to: "+1555", contact: "A-1", refusal: .notE164),
        RefusalCase(to: Self.staff, contact: "Z-9", refusal: .contactNotFound("Z-9")),
    ]

    @Test(arguments: refusals) func aTestCallIsRefusedBeforeAnythingIsSent(_ test: RefusalCase) throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "test-call")
            try fixture.saveCampaign()
            try fixture.addContact(campaign: "test-call", externalID: "A-1", phone: "+15550000010")
            try fixture.addContact(campaign: "test-call", externalID: "A-2", phone: "+15550000020")
            try fixture.saveCampaign(named: "other-clinic")
            try fixture.addContact(campaign: "other-clinic", externalID: "B-1", phone: "+15550000030")
            try db.execute("INSERT INTO suppressions (phone) VALUES ('+15550000777')")
            let caller = TestCaller(db: db, client: fixture.client, webhookBaseURL: nil, logger: Logger(level: .error))
            #expect(throws: test.refusal) {
                try caller.call(campaign: try CampaignStore.load(name: "test-call", db), contact: test.contact, to: test.to)
            }
            #expect(fixture.simulator.log.filter { $0.kind == .request }.isEmpty)
            #expect(try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE kind = 'test'")[0].decode("n", as: Int.self) == 0)
        }
    }

    @Test func aSecondTestCallWaitsForTheFirstAndARefusedDialFailsTheAttempt() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "test-call") { configuration in
                configuration.faults = Faults(insufficientBalance: true)
            }
            try fixture.saveCampaign()
            try fixture.addContact(campaign: "test-call", externalID: "A-1", phone: "+15550000010")
            let stored = try CampaignStore.load(name: "test-call", db)
            let caller = TestCaller(db: db, client: fixture.client, webhookBaseURL: nil, logger: Logger(level: .error))
            let refused = try caller.call(campaign: stored, contact: "A-1", to: Self.staff)
            #expect(refused.state == .failed)
            #expect(refused.problem == "refused by the provider (HTTP 402)")
            #expect(try fixture.attempt(refused.attemptID, "state") == "failed")
            // A failed test attempt is not live: the next test call may go (and gets the next number).
            _ = try TestCalls.create(campaign: stored, externalID: "A-1", to: Self.staff, worker: "t", now: Date(), db)
            #expect(throws: TestCalls.Refusal.testCallLive) {
                try TestCalls.create(campaign: stored, externalID: "A-1", to: Self.staff, worker: "t", now: Date(), db)
            }
            #expect(try db.query("SELECT max(attempt_number)::int AS n FROM call_attempts WHERE kind = 'test'")[0].decode("n", as: Int.self) == 2)
            // An ambiguous test dial the provider never received is not queued again (nobody claims
            // test attempts): the dispatcher's redial ends it as failed, and the next test call goes.
            let second = try db.query("SELECT id FROM call_attempts WHERE kind = 'test' AND attempt_number = 2")[0].decode("id", as: Int64.self)
            try db.execute("UPDATE call_attempts SET state = 'unknown' WHERE id = \(second)")
            #expect(try CallQueue.redial(second, now: Date(), db))
            #expect(try fixture.attempt(second, "state") == "failed")
            let third = try TestCalls.create(campaign: stored, externalID: "A-1", to: Self.staff, worker: "t", now: Date(), db)
            #expect(try fixture.attempt(third.attemptID, "attempt_number") == "3")
            #expect(try fixture.contactStatuses() == ["pending": 1])
        }
    }
}
