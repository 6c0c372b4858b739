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

@Suite struct OperatorEndCallsTests {
    /// Calls answered at once that talk for a minute: live for the whole test.
    static let longCalls = CallTiming(ring: .milliseconds(20), answer: .milliseconds(20), talk: .seconds(60), noAnswerAfter: .seconds(60))

    @Test func endCallsEndsExactlyTheCancelledCampaignsLiveCalls() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "closing") { $0.timing = Self.longCalls }
            let closing = try fixture.saveCampaign(named: "closing")
            try fixture.saveCampaign(named: "other")
            var calls: [(campaign: String, attemptID: Int64, callID: String)] = []
            for (campaign, phone) in [("closing", "+15550000010"), ("closing", "+15550000020"), ("other", "+15550000030")] {
                let added = try fixture.addContact(campaign: campaign, externalID: phone, phone: phone, state: .dialing)
                guard case .accepted(let callID, _) = fixture.dial(phone, token: added.token) else {
                    Issue.record("dial not accepted")
                    return
                }
                try CallQueue.recordAccepted(added.attemptID, callID: callID, pollAfter: 600, now: Date(), db)
                calls.append((campaign, added.attemptID, callID))
            }
            #expect(try eventually {
                try calls.allSatisfy { try fixture.attempt($0.attemptID, "state") == "in_progress" }
            })

            try CampaignStore.setState(.cancelled, name: "closing", db)
            let summary = try CallEnder(db: db, client: fixture.client, logger: Logger(level: .error)).endLiveCalls(campaignID: closing.id)
            #expect(summary == CallEnder.Summary(ended: 2, alreadyEnded: 0, failed: 0, unanswered: 0))

            for call in calls {
                let ended = call.campaign == "closing"
                #expect(try fixture.attempt(call.attemptID, "state") == (ended ? "cancelled" : "in_progress"))
                #expect(fixture.providerStatus(call.callID) == (ended ? .completed : .inProgress))
            }
            #expect(try fixture.attempt(calls[0].attemptID, "end_reason") == CallEnder.endReason)
            #expect(try db.query("""
                SELECT count(*)::int AS n FROM contacts WHERE status = 'cancelled' AND status_reason = 'campaign_cancelled'
                """)[0].decode("n", as: Int.self) == 2)
            #expect(try db.query("SELECT count(*)::int AS n FROM call_events WHERE source = 'end'")[0].decode("n", as: Int.self) == 2)
            #expect(try RateLimiter(account: fixture.client.accountID).counters(.end, db).granted == 2)

            // The provider's own `completed` webhook for an ended call comes afterwards: stored, never applied.
            #expect(try eventually {
                try db.query("""
                    SELECT count(*)::int AS n FROM call_events
                     WHERE attempt_id = \(calls[0].attemptID) AND status = 'completed' AND disposition = 'late'
                    """)[0].decode("n", as: Int.self) == 1
            })
            #expect(try fixture.attempt(calls[0].attemptID, "state") == "cancelled")

            // A second pass finds nothing left to end.
            let again = try CallEnder(db: db, client: fixture.client, logger: Logger(level: .error)).endLiveCalls(campaignID: closing.id)
            #expect(again == CallEnder.Summary())
        }
    }

    @Test func anAttemptThatEndedMeanwhileIsLeftAsItEnded() throws {
        try TestDatabase.withMigrated { db, url in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: 9, campaign: "closing")
            try fixture.saveCampaign(named: "closing")
            let added = try fixture.addContact(campaign: "closing", externalID: "A-1", phone: "+15550000010", state: .dialing)
            try db.execute("UPDATE call_attempts SET state = 'completed', call_id = 'call_x' WHERE id = \(added.attemptID)")
            let update = try db.transaction { tx in
                try AttemptOutcomes.endedByOperator(
                    attemptID: added.attemptID, reason: CallEnder.endReason, providerPayload: "{}", now: Date(), tx)
            }
            #expect(update.transition == .recordOnly(.alreadyTerminal))
            #expect(try fixture.attempt(added.attemptID, "state") == "completed")
        }
    }
}
