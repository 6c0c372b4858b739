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

@Suite struct OperatorReconcileTests {
    @Test func reconcileFindsAndRepairsACallWhoseAnswerAndWebhooksWereLost() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "night") { configuration in
                configuration.faults = Faults(droppedResponse: 1, missingWebhook: 1)
            }
            let campaign = try fixture.saveCampaign(named: "night")
            // Lost: the dial's answer and every webhook. The attempt is `unknown`.
            let lost = try fixture.addContact(campaign: "night", externalID: "A-1", phone: "+15550000010", state: .dialing, claimedSecondsAgo: 1)
            guard case .ambiguous = fixture.dial("+15550000010", token: lost.token, maxDuration: 5) else {
                Issue.record("the dial's answer was not dropped")
                return
            }
            try CallQueue.recordAmbiguous(lost.attemptID, reason: "ambiguous dial", reconcileAfter: 600, now: Date(), db)
            // Someone else's call with the same agent.
            _ = fixture.dial("+15550007770", token: nil, maxDuration: 5)
            // Ours, accepted, but its webhooks never came: we think it is live.
            fixture.simulator.update(faults: Faults(missingWebhook: 1))
            let quiet = try fixture.addContact(campaign: "night", externalID: "A-2", phone: "+15550000020", state: .dialing)
            guard case .accepted(let quietCallID, _) = fixture.dial("+15550000020", token: quiet.token, maxDuration: 5) else {
                Issue.record("dial not accepted")
                return
            }
            try CallQueue.recordAccepted(quiet.attemptID, callID: quietCallID, pollAfter: 600, now: Date(), db)
            let ids = fixture.simulator.calls.map(\.id)
            #expect(ids.count == 3)
            #expect(eventually { ids.allSatisfy { fixture.providerStatus($0)?.isTerminal == true } })
            let lostCallID = try #require(fixture.simulator.calls.first { $0.request.toNumber == "+15550000010" }?.id)
            let foreignCallID = try #require(fixture.simulator.calls.first { $0.request.toNumber == "+15550007770" }?.id)

            let reconciler = Reconciler(db: db, client: fixture.client, logger: Logger(level: .error))
            let since = Date().addingTimeInterval(-3_600)
            let dry = try reconciler.reconcile(campaign: campaign, since: since, dryRun: true)
            #expect(dry.providerCalls == 3)
            #expect(Set(dry.differences.map(String.init(describing:))) == Set([
                Reconciliation.Difference.adopt(attemptID: lost.attemptID, callID: lostCallID, state: .completed),
                .foreign(callID: foreignCallID, toNumber: "+15550007770"),
                .finish(attemptID: quiet.attemptID, callID: quietCallID, state: .completed),
            ].map(String.init(describing:))))
            #expect(dry.repaired == 0)
            #expect(try fixture.attempt(lost.attemptID, "state") == "unknown")
            #expect(try fixture.attempt(quiet.attemptID, "state") == "initiating")

            let repaired = try reconciler.reconcile(campaign: campaign, since: since, dryRun: false)
            #expect(repaired.repaired == 2)
            #expect(try fixture.attempt(lost.attemptID, "state") == "completed")
            #expect(try fixture.attempt(lost.attemptID, "call_id") == lostCallID)
            #expect(try fixture.attempt(lost.attemptID, "resolved_by") == "sessions")
            #expect(try fixture.attempt(lost.attemptID, "duration_seconds") != nil)
            #expect(try fixture.attempt(quiet.attemptID, "state") == "completed")
            #expect(try fixture.attempt(quiet.attemptID, "duration_seconds") != nil)
            #expect(try fixture.contactStatuses() == ["reached": 2])

            // Nothing left to repair; the foreign call is still reported.
            let again = try reconciler.reconcile(campaign: campaign, since: since, dryRun: false)
            #expect(again.differences == [.foreign(callID: foreignCallID, toNumber: "+15550007770")])
            #expect(try RateLimiter(account: fixture.client.accountID).counters(.sessions, db).granted >= 3)
        }
    }

    struct DifferenceCase: Sendable, CustomTestStringConvertible {
        let name: String
        let ours: [Reconciliation.Attempt]
        let theirs: [Reconciliation.ProviderCall]
        let elsewhere: Set<String>
        let expected: [Reconciliation.Difference]
        var testDescription: String { name }
    }

    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    static func ours(_ id: Int64, _ state: CallState, _ callID: String? = nil, to: String = "+15550000010", claimed: Double = 0) -> Reconciliation.Attempt {
        Reconciliation.Attempt(id: id, state: state, callID: callID, toNumber: to, claimedAt: t0.addingTimeInterval(claimed))
    }

    static func theirs(_ id: String, _ state: CallState?, to: String = "+15550000010", created: Double = 1) -> Reconciliation.ProviderCall {
        Reconciliation.ProviderCall(callID: id, state: state, toNumber: to, createdAt: t0.addingTimeInterval(created))
    }

    static let differenceCases: [DifferenceCase] = [
        DifferenceCase(name: "in step", ours: [ours(1, .completed, "c1")], theirs: [theirs("c1", .completed)], elsewhere: [], expected: []),
        DifferenceCase(name: "still live on both sides", ours: [ours(1, .ringing, "c1")], theirs: [theirs("c1", .inProgress)], elsewhere: [], expected: []),
        DifferenceCase(
            name: "ended at the provider", ours: [ours(1, .inProgress, "c1")], theirs: [theirs("c1", .noAnswer)], elsewhere: [],
            expected: [.finish(attemptID: 1, callID: "c1", state: .noAnswer)]),
        DifferenceCase(
            name: "lost answer adopted", ours: [ours(1, .unknown)], theirs: [theirs("c1", .ringing)], elsewhere: [],
            expected: [.adopt(attemptID: 1, callID: "c1", state: .ringing)]),
        DifferenceCase(
            name: "unknown status adopted as initiating", ours: [ours(1, .dialing)], theirs: [theirs("c1", nil)], elsewhere: [],
            expected: [.adopt(attemptID: 1, callID: "c1", state: .initiating)]),
        DifferenceCase(
            name: "a call made before our claim is not ours", ours: [ours(1, .unknown, claimed: 60)], theirs: [theirs("c1", .completed)],
            elsewhere: [], expected: [.foreign(callID: "c1", toNumber: "+15550000010"), .missing(attemptID: 1)]),
        DifferenceCase(
            name: "another number is foreign", ours: [ours(1, .unknown)], theirs: [theirs("c1", .completed, to: "+15550000099")],
            elsewhere: [], expected: [.foreign(callID: "c1", toNumber: "+15550000099"), .missing(attemptID: 1)]),
        DifferenceCase(
            name: "a call another campaign owns is neither", ours: [ours(1, .unknown)], theirs: [theirs("c1", .completed)],
            elsewhere: ["c1"], expected: [.missing(attemptID: 1)]),
        DifferenceCase(
            name: "two calls, two attempts, oldest first", ours: [ours(2, .unknown, claimed: 10), ours(1, .unknown)],
            theirs: [theirs("c2", .completed, created: 11), theirs("c1", .busy, created: 1)], elsewhere: [],
            expected: [.adopt(attemptID: 1, callID: "c1", state: .busy), .adopt(attemptID: 2, callID: "c2", state: .completed)]),
    ]

    @Test(arguments: differenceCases) func differences(_ test: DifferenceCase) {
        #expect(Reconciliation.differences(ours: test.ours, theirs: test.theirs, knownElsewhere: test.elsewhere) == test.expected)
    }
}
