import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import VoiceAPI
@testable import Worker

/// Writing what a dial answered, when a webhook got there first.
@Suite struct DialRecordTests {
    /// A webhook named call X before the dial's answer named call Y. Before: `recordAccepted` threw
    /// `callIDMismatch`, which ended the whole run (exit 1, every campaign). Now the disagreement is
    /// flagged on the attempt, the call counts as dialed and is polled, and the run goes on.
    @Test func aCallIDThatDisagreesIsFlaggedNotFatal() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign()
            try fixture.addContacts(DispatchFixture.numbers(1))
            let dispatcher = try fixture.dispatcher()
            guard case .dial(let claimed) = try dispatcher.queue.claimNext(now: Date(), db) else {
                Issue.record("nothing claimed")
                return
            }
            try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .ringing, callID: "call_X"), toAttempt: claimed.id, source: "webhook", now: Date(), tx)
            }
            try dispatcher.record(.accepted(callID: "call_Y", status: .initiating), for: claimed)
            #expect(dispatcher.summary.callIDDisagreements == 1)
            let row = try db.query("""
                SELECT call_id, state, error, dialed_at IS NOT NULL AS dialed, poll_at IS NOT NULL AS polled
                  FROM call_attempts WHERE id = \(claimed.id)
                """)[0]
            #expect(try row.decode("call_id", as: String?.self) == "call_X")
            #expect(try row.decode("state", as: String.self) == "ringing")
            #expect(try row.decode("error", as: String?.self) == "call_id_disagrees: the dial answered call_Y, webhooks named call_X")
            #expect(try row.decode("dialed", as: Bool.self))
            #expect(try row.decode("polled", as: Bool.self))
        }
    }
}
