import Foundation
import Testing
@testable import Reminders

@Suite("AttemptMachine")
struct AttemptMachineTests {
    private static let t0 = Date(timeIntervalSince1970: 1_000_000)

    private static func record(_ state: CallState, callID: String? = nil, isTest: Bool = false) -> AttemptMachine.Record {
        AttemptMachine.Record(
            state: state, callID: callID ?? (state.isLive && state != .dialing && state != .unknown || state == .completed ? "call-1" : nil),
            toNumber: "+12025550100", dueAt: t0, claimedAt: state == .scheduled ? nil : t0.addingTimeInterval(1),
            claimedBy: state == .scheduled ? nil : "w1", isTest: isTest)
    }

    /// One event of each kind, and the states each is allowed from, written out apart from the implementation.
    private static let events: [(String, AttemptMachine.Event, Set<CallState>)] = [
        ("claimed", .claimed(by: "w2", run: 7, at: t0), [.scheduled]),
        ("rescheduled", .rescheduled(dueAt: t0.addingTimeInterval(600)), [.scheduled]),
        ("reimported", .reimported(dueAt: t0.addingTimeInterval(600), number: "+12025550199", skipReason: nil, firstAttempt: true, at: t0), [.scheduled]),
        ("skipped", .endedUndialed(.skipped, reason: "suppressed", at: t0), [.scheduled]),
        ("cancelled", .endedUndialed(.cancelled, reason: "contact_cancelled", at: t0), [.scheduled]),
        ("dropped", .droppedBeforeSending(.cancelled, reason: "cancelled_in_source", at: t0), [.dialing]),
        ("notPlaced", .notPlaced(retryAt: t0.addingTimeInterval(30), error: "transient", number: "+12025550199"), [.dialing]),
        ("sentWithoutAnswer", .sentWithoutAnswer(error: "timeout", lookAt: nil), [.dialing]),
        ("refused", .refused(reason: "provider_refused_403", providerStatus: 403, settlement: .notReached, at: t0), [.dialing, .unknown]),
        ("providerHasNoCall", .providerHasNoCall(number: "+12025550199", at: t0), [.unknown]),
        ("endedByOperator", .endedByOperator(reason: "ended_by_operator", contactReason: "ended_by_operator", at: t0),
         [.initiating, .ringing, .inProgress]),
        ("endRequested", .endRequested(reason: "suppressed"), [.initiating, .ringing, .inProgress]),
    ]

    private static let cases = events.flatMap { event in CallState.allCases.map { (event.0, $0) } }

    @Test(arguments: cases)
    func eachNamedEventAppliesOnlyFromItsStates(name: String, state: CallState) {
        let (_, event, allowed) = Self.events.first { $0.0 == name }!
        let before = Self.record(state)
        let step = AttemptMachine.apply(event, to: before)
        if allowed.contains(state) {
            guard case .advance = step.transition else {
                Issue.record("\(name) from \(state) was refused: \(step.transition)")
                return
            }
        } else {
            #expect(step.record == before, "\(name) from \(state) changed the record")
            #expect(step.followUp == .none)
            if state.isTerminal { #expect(step.transition == .recordOnly(.alreadyTerminal)) }
        }
    }

    @Test(arguments: CallState.terminal.sorted { $0.rawValue < $1.rawValue })
    func aTerminalAttemptNeverChanges(state: CallState) {
        let before = Self.record(state, callID: "call-1")
        let reports = CallState.allCases.map {
            AttemptMachine.Event.reported(AttemptReport(state: $0, callID: "call-1"), source: "webhook", firstPollAt: Self.t0, at: Self.t0)
        }
        for event in Self.events.map(\.1) + reports {
            #expect(AttemptMachine.apply(event, to: before).record == before)
        }
        let late = AttemptMachine.apply(.accepted(callID: "call-1", at: Self.t0, pollAt: Self.t0, queuedUntil: nil), to: before)
        #expect(late.record.state == state)
    }

    /// The final news that our own end request makes the provider send may come before our
    /// record of the end: it ends the attempt as the end would, whichever comes first. A call
    /// that was answered all the same stays completed.
    @Test
    func theNewsOfAnEndWeAskedForEndsTheAttemptAsTheEndWould() {
        let requested = AttemptMachine.apply(.endRequested(reason: "suppressed"), to: Self.record(.initiating))
        #expect(requested.transition == .advance(to: .initiating))
        #expect(requested.record.endRequested == "suppressed")
        let failed = AttemptMachine.apply(
            .reported(AttemptReport(state: .failed, callID: "call-1", endReason: "ended_by_api"), source: "webhook", firstPollAt: nil, at: Self.t0),
            to: requested.record)
        #expect(failed.transition == .advance(to: .cancelled))
        #expect(failed.record.state == .cancelled && failed.record.endReason == "suppressed")
        #expect(failed.followUp == .settle(.cancelled, reason: "suppressed"))
        // Then our record of the end finds it ended: nothing more changes.
        let recorded = AttemptMachine.apply(.endedByOperator(reason: "suppressed", contactReason: "suppressed", at: Self.t0), to: failed.record)
        #expect(recorded.record == failed.record)
        let completed = AttemptMachine.apply(
            .reported(AttemptReport(state: .completed, callID: "call-1"), source: "webhook", firstPollAt: nil, at: Self.t0),
            to: requested.record)
        #expect(completed.record.state == .completed)
        #expect(completed.followUp == .settleOrRetry(.completed, endedAt: Self.t0))
        // Without a request, the same news is the provider's failure, for the retry policy.
        let plain = AttemptMachine.apply(
            .reported(AttemptReport(state: .failed, callID: "call-1"), source: "webhook", firstPollAt: nil, at: Self.t0), to: Self.record(.initiating))
        #expect(plain.record.state == .failed)
    }

    @Test
    func aWebhookBeforeTheDialsAnswerStampsTheCallDialedAtTheClaimAndPollsIt() {
        let claimed = Self.record(.dialing)
        let poll = Self.t0.addingTimeInterval(300)
        let step = AttemptMachine.apply(
            .reported(AttemptReport(state: .ringing, callID: "call-9"), source: "webhook", firstPollAt: poll, at: Self.t0.addingTimeInterval(5)),
            to: claimed)
        #expect(step.transition == .advance(to: .ringing))
        #expect(step.adoptedCallID == "call-9")
        #expect(step.record.dialedAt == claimed.claimedAt)
        #expect(step.record.pollAt == poll)
        // The dial's answer then finds the call known: the state and its poll stay, its time is kept.
        let answer = AttemptMachine.apply(.accepted(callID: "call-9", at: Self.t0.addingTimeInterval(6), pollAt: poll, queuedUntil: nil), to: step.record)
        #expect(answer.record.state == .ringing)
        #expect(answer.record.dialedAt == claimed.claimedAt)
        #expect(!answer.callIDDisagrees)
    }

    @Test
    func anAmbiguousDialsCallFoundLaterIsPolledNotLookedFor() {
        var unknown = Self.record(.unknown)
        unknown.pollAt = Self.t0.addingTimeInterval(-60)
        let poll = Self.t0.addingTimeInterval(120)
        let step = AttemptMachine.apply(
            .reported(AttemptReport(state: .inProgress, callID: "call-3"), source: "sessions", firstPollAt: poll, at: Self.t0), to: unknown)
        #expect(step.record.resolvedBy == "sessions")
        #expect(step.record.pollAt == poll)
        #expect(step.record.answeredAt == Self.t0)
    }

    @Test
    func theDialsAnswerDatesTheCallAndQueuesItsPoll() {
        let answered = Self.t0.addingTimeInterval(2)
        let step = AttemptMachine.apply(
            .accepted(callID: "call-1", at: answered, pollAt: answered.addingTimeInterval(900), queuedUntil: Self.t0.addingTimeInterval(3_600)),
            to: Self.record(.dialing))
        #expect(step.transition == .advance(to: .initiating))
        #expect(step.record.callID == "call-1")
        #expect(step.record.dialedAt == answered)
        #expect(step.record.pollAt == answered.addingTimeInterval(900))
        #expect(step.record.dueAt == Self.t0.addingTimeInterval(3_600))
    }

    @Test
    func aDialAnsweredWithAnotherCallIDIsFlaggedNotFatal() {
        let live = AttemptMachine.apply(
            .reported(AttemptReport(state: .ringing, callID: "call-A"), source: "webhook", firstPollAt: nil, at: Self.t0),
            to: Self.record(.dialing)).record
        let step = AttemptMachine.apply(.accepted(callID: "call-B", at: Self.t0, pollAt: Self.t0.addingTimeInterval(60), queuedUntil: nil), to: live)
        #expect(step.callIDDisagrees)
        #expect(step.record.callID == "call-A")
        #expect(step.record.state == .ringing)
        #expect(step.record.error?.hasPrefix("call_id_disagrees") == true)
        #expect(step.record.pollAt == Self.t0.addingTimeInterval(60))
        // A webhook of the other call is refused and changes nothing.
        let other = AttemptMachine.apply(
            .reported(AttemptReport(state: .completed, callID: "call-B"), source: "webhook", firstPollAt: nil, at: Self.t0), to: step.record)
        #expect(other.callIDDisagrees)
        #expect(other.record == step.record)
    }

    @Test
    func aDialThatPlacedNoCallGoesBackWithTheContactsNumberNow() {
        var dialing = Self.record(.dialing)
        dialing.dialedAt = Self.t0
        let retryAt = Self.t0.addingTimeInterval(30)
        let step = AttemptMachine.apply(.notPlaced(retryAt: retryAt, error: "rate_limited", number: "+12025550199"), to: dialing)
        #expect(step.record.state == .scheduled)
        #expect(step.record.toNumber == "+12025550199")
        #expect(step.record.transientFailures == 1)
        #expect(step.record.dueAt == retryAt)
        #expect(step.record.claimedAt == nil && step.record.claimedBy == nil && step.record.dialedAt == nil)
    }

    @Test
    func aReimportMovesAFirstAttemptButARetryOnlyLater() {
        let scheduled = Self.record(.scheduled)
        let earlier = Self.t0.addingTimeInterval(-3_600), later = Self.t0.addingTimeInterval(3_600)
        func reimport(_ due: Date, first: Bool) -> Date {
            AttemptMachine.apply(
                .reimported(dueAt: due, number: "+12025550100", skipReason: nil, firstAttempt: first, at: Self.t0), to: scheduled).record.dueAt
        }
        #expect(reimport(earlier, first: true) == earlier)
        #expect(reimport(later, first: true) == later)
        #expect(reimport(earlier, first: false) == Self.t0)
        #expect(reimport(later, first: false) == later)
        let skipped = AttemptMachine.apply(
            .reimported(dueAt: nil, number: "+12025550100", skipReason: "no_calling_window_before_appointment", firstAttempt: true, at: Self.t0),
            to: scheduled)
        #expect(skipped.record.state == .skipped)
        #expect(skipped.record.dueAt == Self.t0)
    }

    @Test
    func aCallEndingAtTheProviderLeavesTheRetryPolicyToDecideFromItsEnd() {
        let ended = Self.t0.addingTimeInterval(42.5)
        let step = AttemptMachine.apply(
            .reported(AttemptReport(state: .noAnswer, callID: "call-1", occurredAt: ended), source: "webhook", firstPollAt: nil, at: Self.t0.addingTimeInterval(50)),
            to: Self.record(.ringing))
        #expect(step.followUp == .settleOrRetry(.noAnswer, endedAt: ended))
        #expect(step.record.endedAt == ended)
        #expect(step.record.pollAt == nil)
    }

    @Test
    func anAmbiguousTestCallTheProviderNeverGotFailsInsteadOfRedialing() {
        let step = AttemptMachine.apply(.providerHasNoCall(number: "+12025550199", at: Self.t0), to: Self.record(.unknown, isTest: true))
        #expect(step.record.state == .failed)
        #expect(step.record.toNumber == "+12025550100")
        let campaign = AttemptMachine.apply(.providerHasNoCall(number: "+12025550199", at: Self.t0), to: Self.record(.unknown))
        #expect(campaign.record.state == .scheduled)
        #expect(campaign.record.toNumber == "+12025550199")
        #expect(campaign.record.resolvedBy == "redial")
    }

    @Test
    func refusalsAndUndialedEndsSettleTheContact() {
        let refused = AttemptMachine.apply(
            .refused(reason: "provider_refused_number", providerStatus: 400, settlement: .skipped, at: Self.t0), to: Self.record(.dialing))
        #expect(refused.followUp == .settle(.skipped, reason: "provider_refused_number"))
        #expect(refused.record.providerStatus == 400)
        let cancelled = AttemptMachine.apply(
            .droppedBeforeSending(.cancelled, reason: "cancelled_in_source", at: Self.t0), to: Self.record(.dialing))
        #expect(cancelled.followUp == .settle(.cancelled, reason: "cancelled_in_source"))
        #expect(cancelled.record.endedAt == Self.t0)
    }
}

/// Random interleavings of every event (duplicates, reordering, news before the dial's answer,
/// recovery racing the worker), checking after each step the invariants that keep a patient
/// from a second call and keep every placed call in view.
@Suite("AttemptMachine random walks")
struct AttemptMachineWalkTests {
    private static func randomEvent(at now: Date, _ random: inout SeededGenerator) -> AttemptMachine.Event {
        let callID = ["call-1", "call-2"].randomElement(using: &random)!
        let state = CallState.allCases.randomElement(using: &random)!
        let later = now.addingTimeInterval(Double(Int.random(in: 1...600, using: &random)))
        switch Int.random(in: 0..<14, using: &random) {
        case 0: return .claimed(by: "w", run: 1, at: now)
        case 1: return .rescheduled(dueAt: later)
        case 2: return .reimported(dueAt: Bool.random(using: &random) ? later : nil, number: "+12025550199",
                                   skipReason: Bool.random(using: &random) ? "why" : nil, firstAttempt: Bool.random(using: &random), at: now)
        case 3: return .endedUndialed(Bool.random(using: &random) ? .skipped : .cancelled, reason: "why", at: now)
        case 4: return .droppedBeforeSending(.cancelled, reason: "why", at: now)
        case 5: return .notPlaced(retryAt: later, error: "transient", number: "+12025550199")
        case 6: return .sentWithoutAnswer(error: "timeout", lookAt: Bool.random(using: &random) ? later : nil)
        case 7: return .accepted(callID: callID, at: now, pollAt: later, queuedUntil: nil)
        case 8: return .refused(reason: "provider_refused_number", providerStatus: 400, settlement: .skipped, at: now)
        case 9: return .providerHasNoCall(number: "+12025550199", at: now)
        case 10: return .endedByOperator(reason: "ended_by_operator", contactReason: "ended_by_operator", at: now)
        case 11: return .endRequested(reason: "suppressed")
        default:
            return .reported(AttemptReport(state: state, callID: Bool.random(using: &random) ? callID : nil),
                             source: "webhook", firstPollAt: later, at: now)
        }
    }

    @Test(arguments: 0..<20)
    func invariantsHoldAfterEveryStep(seed: Int) {
        var random = SeededGenerator(state: UInt64(seed) &* 7_919 &+ 1)
        for _ in 0..<100 {
            var record = AttemptMachine.Record(
                state: .scheduled, toNumber: "+12025550100", dueAt: Date(timeIntervalSince1970: 1_000_000),
                isTest: Int.random(in: 0..<5, using: &random) == 0)
            var now = Date(timeIntervalSince1970: 1_000_000)
            for _ in 0..<12 {
                now = now.addingTimeInterval(Double(Int.random(in: 0...30, using: &random)))
                let event = Self.randomEvent(at: now, &random)
                let before = record
                record = AttemptMachine.apply(event, to: before).record
                // Terminal states are final.
                if before.state.isTerminal { #expect(record == before, "\(event) changed a \(before.state) attempt") }
                // A call id, once known, is never lost or replaced.
                if let known = before.callID { #expect(record.callID == known) }
                // Every placed call is stamped dialed (the frequency cap sees it) and, while live,
                // polled (it is settled even if its final webhook never comes).
                if record.callID != nil {
                    #expect(record.dialedAt != nil, "a call without dialed_at after \(event)")
                    if record.state.isLive { #expect(record.pollAt != nil, "a live call without a poll after \(event)") }
                }
                // Never a redial of a call the provider may have placed: back to `scheduled` only
                // from a dial that certainly placed none, or an `unknown` one the provider does not have.
                if record.state == .scheduled, before.state != .scheduled {
                    guard case .notPlaced = event, before.state == .dialing else {
                        guard case .providerHasNoCall = event, before.state == .unknown, before.callID == nil else {
                            Issue.record("\(before.state) → scheduled on \(event)")
                            return
                        }
                        continue
                    }
                }
                // A test call is never scheduled again for a dispatcher to claim.
                if record.isTest { #expect(!(record.state == .scheduled && before.state == .unknown)) }
            }
        }
    }
}
