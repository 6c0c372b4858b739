public import Foundation

/// The life of one call attempt as a pure function: an event applied to an attempt's record
/// gives its next record and what must follow for its contact. Every change of an attempt's
/// state goes through here (the claim, the dial's result, webhooks and status polls, recovery,
/// reconciliation, imports, cancellations and operator tools) and is written by one writer in
/// the store (`AttemptWriter`), so each rule of a call's life is stated once.
///
/// The moves between states are `CallState.apply`'s for what the provider reports; the others
/// are named events below, each allowed from the states it lists and refused (nothing changes)
/// from any other.
public enum AttemptMachine {
    /// The columns of an attempt that its rules read and write.
    public struct Record: Sendable, Equatable {
        public var state: CallState
        public var callID: String?
        /// The number the attempt calls (or called: a live call finishes on the number it was placed to).
        public var toNumber: String
        public var dueAt: Date
        public var claimedAt: Date?
        public var claimedBy: String?
        public var runID: Int64?
        /// When the call was placed, by the best knowledge: the frequency cap counts it.
        public var dialedAt: Date?
        public var answeredAt: Date?
        public var endedAt: Date?
        /// When to ask the provider about the call next; nil on a live call means never, on an
        /// `unknown` one "at once".
        public var pollAt: Date?
        public var pollCount: Int
        /// Dials that certainly placed no call (429, 5xx before sending): they drive the backoff.
        public var transientFailures: Int
        public var durationSeconds: Int?
        public var recordingID: String?
        public var endReason: String?
        public var providerStatus: Int?
        public var error: String?
        /// How an `unknown` attempt was resolved: `webhook`, `sessions`, `status`, `redial`.
        public var resolvedBy: String?
        /// When to fetch a completed call's details to learn what the patient answered.
        public var answerDueAt: Date?
        /// Why we asked the provider to end this queued call, once we have (`endRequested`).
        public var endRequested: String?
        /// Test calls (`reminders test-call`) go to staff; no dispatcher claims them again.
        public let isTest: Bool

        public init(
            state: CallState, callID: String? = nil, toNumber: String, dueAt: Date, claimedAt: Date? = nil,
            claimedBy: String? = nil, runID: Int64? = nil, dialedAt: Date? = nil, answeredAt: Date? = nil,
            endedAt: Date? = nil, pollAt: Date? = nil, pollCount: Int = 0, transientFailures: Int = 0,
            durationSeconds: Int? = nil, recordingID: String? = nil, endReason: String? = nil,
            providerStatus: Int? = nil, error: String? = nil, resolvedBy: String? = nil, answerDueAt: Date? = nil,
            endRequested: String? = nil, isTest: Bool = false
        ) {
            self.state = state
            self.callID = callID
            self.toNumber = toNumber
            self.dueAt = dueAt
            self.claimedAt = claimedAt
            self.claimedBy = claimedBy
            self.runID = runID
            self.dialedAt = dialedAt
            self.answeredAt = answeredAt
            self.endedAt = endedAt
            self.pollAt = pollAt
            self.pollCount = pollCount
            self.transientFailures = transientFailures
            self.durationSeconds = durationSeconds
            self.recordingID = recordingID
            self.endReason = endReason
            self.providerStatus = providerStatus
            self.error = error
            self.resolvedBy = resolvedBy
            self.answerDueAt = answerDueAt
            self.endRequested = endRequested
            self.isTest = isTest
        }

        /// Whether the attempt still waits for the first news of its call (its request was sent,
        /// or is being sent): the next report stamps it dialed and sets its first status poll.
        public var awaitsFirstNews: Bool { state == .dialing || state == .unknown }
    }

    /// What happens to an attempt.
    public enum Event: Sendable, Equatable {
        /// A worker takes the due attempt to dial it now (`scheduled → dialing`).
        case claimed(by: String, run: Int64?, at: Date)
        /// The attempt waits longer: a calling window opening later, a rate-limit wait (`scheduled`).
        case rescheduled(dueAt: Date)
        /// A changed row of the source was imported. A first attempt moves to the row's reminder
        /// time; a retry keeps its delay and moves only later (an appointment moved on). Both
        /// take the row's number; `skipReason` ends the attempt `skipped` (`scheduled`). Imports
        /// apply this rule set-based (`ImportSQL.rescheduleAttempts`); a test holds that SQL to it.
        case reimported(dueAt: Date?, number: String, skipReason: String?, firstAttempt: Bool, at: Date)
        /// Ended without dialing, by our decision (`skipped`) or a cancellation (`cancelled`),
        /// while waiting (`scheduled`).
        case endedUndialed(CallState, reason: String, at: Date)
        /// Ended as `endedUndialed` by the worker holding the claim, which knows its request was
        /// never sent (a recheck of the source cancelled the appointment between claim and dial):
        /// from `dialing` only. Nobody else may end a `dialing` attempt: its call may exist.
        case droppedBeforeSending(CallState, reason: String, at: Date)
        /// The dial certainly placed no call (429, connection refused, a 5xx reconciled as
        /// absent): back to `scheduled` at `retryAt` with the contact's number now, the failure
        /// counted for the backoff. The one move back, allowed because the attempt never left our side.
        case notPlaced(retryAt: Date, error: String, number: String)
        /// The request went out and no answer came (timeout, dropped connection, 5xx): the call
        /// may exist, so the attempt is reconciled before any redial; first looked at `lookAt`
        /// (nil: at once, as for a dial a dead worker left).
        case sentWithoutAnswer(error: String, lookAt: Date?)
        /// The dial was answered with `callID`: polled at `pollAt` if no final webhook comes; a
        /// call queued ahead keeps `queuedUntil` as its due time. A different call id than one a
        /// webhook already gave is flagged for the operator, never fatal.
        case accepted(callID: String, at: Date, pollAt: Date, queuedUntil: Date?)
        /// The provider refused the dial for good: `failed`, the contact settled as `settlement`.
        case refused(reason: String, providerStatus: Int?, settlement: ContactSettlement, at: Date)
        /// News of the call from a webhook, a status poll or the sessions list (`source`). The first
        /// news of a call not yet known stamps it dialed and, while live, polled at `firstPollAt`.
        case reported(AttemptReport, source: String, firstPollAt: Date?, at: Date)
        /// The provider shows no call for an `unknown` attempt after the grace period: dialed
        /// again at `at` on the contact's number now; a test call ends `failed` instead.
        case providerHasNoCall(number: String, at: Date)
        /// The operator ends a live call (`POST /voice/end`): `cancelled`, the one state saying
        /// "we stopped this call"; the contact is settled `cancelled` with `contactReason`.
        case endedByOperator(reason: String, contactReason: String, at: Date)
        /// We are about to ask the provider to end a queued live call (`POST /voice/end`) for
        /// `reason`. The end makes the provider send the call's final news at once, which may
        /// come before our record of the end: news that ends the call other than `completed` then
        /// ends the attempt `cancelled` for `reason`, the contact settled so, as the end would.
        case endRequested(reason: String)
    }

    /// What follows for the attempt's contact.
    public enum FollowUp: Sendable, Equatable {
        case none
        /// The call ended at the provider: the retry policy decides (settle or schedule a retry).
        case settleOrRetry(AttemptOutcome, endedAt: Date)
        /// The contact is settled, whatever the retry policy says.
        case settle(ContactSettlement, reason: String)
    }

    /// An event's result: the move, the record after it, and what follows for the contact.
    public struct Step: Sendable, Equatable {
        /// `advance` when the event applies (to the same state for one that changes only the
        /// record, such as a new due time); `recordOnly` when it is refused and nothing changes.
        public let transition: CallTransition
        public let record: Record
        public let followUp: FollowUp
        /// The event gave an attempt without a call id its call.
        public let adoptedCallID: String?
        /// The event named a call other than the attempt's (a webhook or poll of another call: it
        /// is not applied; a dial's answer: flagged in `error`).
        public let callIDDisagrees: Bool

        /// Whether the record changed.
        public func changed(from before: Record) -> Bool { record != before }
    }

    /// Applies `event` to `record`.
    public static func apply(_ event: Event, to record: Record) -> Step {
        var next = record
        func refuse(_ reason: CallTransition.Reason = .notAllowed, disagrees: Bool = false) -> Step {
            let why: CallTransition.Reason = record.state.isTerminal && reason == .notAllowed ? .alreadyTerminal : reason
            return Step(transition: .recordOnly(why), record: record, followUp: .none, adoptedCallID: nil, callIDDisagrees: disagrees)
        }
        func step(_ transition: CallTransition, _ followUp: FollowUp = .none, adopted: String? = nil) -> Step {
            Step(transition: transition, record: next, followUp: followUp, adoptedCallID: adopted, callIDDisagrees: false)
        }
        switch event {
        case .claimed(let worker, let run, let at):
            guard record.state == .scheduled, !record.isTest else { return refuse() }
            next.state = .dialing
            next.claimedAt = at
            next.claimedBy = worker
            next.runID = run
            return step(.advance(to: .dialing))

        case .rescheduled(let dueAt):
            guard record.state == .scheduled else { return refuse() }
            next.dueAt = dueAt
            next.claimedAt = nil
            next.claimedBy = nil
            return step(.advance(to: .scheduled))

        case .reimported(let dueAt, let number, let skipReason, let firstAttempt, let at):
            guard record.state == .scheduled else { return refuse() }
            next.toNumber = number
            if let dueAt { next.dueAt = firstAttempt ? dueAt : max(record.dueAt, dueAt) }
            guard let skipReason else { return step(.advance(to: .scheduled)) }
            next.state = .skipped
            next.endReason = skipReason
            next.endedAt = at
            return step(.advance(to: .skipped))

        case .endedUndialed(let end, let reason, let at), .droppedBeforeSending(let end, let reason, let at):
            let from: CallState = if case .endedUndialed = event { .scheduled } else { .dialing }
            guard end == .skipped || end == .cancelled, record.state == from else { return refuse() }
            next.state = end
            next.endReason = reason
            next.endedAt = at
            next.pollAt = nil
            return step(.advance(to: end), .settle(end == .skipped ? .skipped : .cancelled, reason: reason))

        case .notPlaced(let retryAt, let error, let number):
            guard record.state == .dialing else { return refuse() }
            next.state = .scheduled
            next.dueAt = retryAt
            next.error = error
            next.toNumber = record.isTest ? record.toNumber : number
            next.transientFailures += 1
            next.claimedAt = nil
            next.claimedBy = nil
            next.dialedAt = nil
            next.pollAt = nil
            return step(.advance(to: .scheduled))

        case .sentWithoutAnswer(let error, let lookAt):
            guard record.state == .dialing else { return refuse() }
            next.state = .unknown
            next.error = error
            next.pollAt = lookAt
            return step(.advance(to: .unknown))

        case .accepted(let callID, let at, let pollAt, let queuedUntil):
            if let known = record.callID, known != callID {
                guard !record.state.isTerminal else { return refuse(disagrees: true) }
                next.error = "call_id_disagrees: the dial answered \(callID), webhooks named \(known)"
                next.dialedAt = record.dialedAt ?? at
                if record.state.isLive, record.pollAt == nil { next.pollAt = pollAt }
                return Step(transition: .recordOnly(.notAllowed), record: next, followUp: .none, adoptedCallID: nil, callIDDisagrees: true)
            }
            let report = AttemptReport(state: .initiating, callID: callID, occurredAt: at)
            let reported = apply(.reported(report, source: "dial", firstPollAt: nil, at: at), to: record)
            next = reported.record
            // Only an attempt that has this call now, and is still live, takes the answer's stamps
            // (one that ended first was stamped by the news of its end).
            guard reported.record.callID == callID, !record.state.isTerminal else { return reported }
            if let queuedUntil { next.dueAt = queuedUntil }
            // The dial's own answer dates the call: it is what the frequency cap counts from.
            next.dialedAt = record.dialedAt ?? at
            next.pollAt = next.state.isTerminal ? nil : pollAt
            return Step(transition: reported.transition, record: next, followUp: reported.followUp,
                        adoptedCallID: reported.adoptedCallID, callIDDisagrees: false)

        case .refused(let reason, let providerStatus, let settlement, let at):
            guard record.state == .dialing || record.state == .unknown else { return refuse() }
            next.state = .failed
            next.error = reason
            next.providerStatus = providerStatus
            next.endedAt = record.endedAt ?? at
            next.pollAt = nil
            return step(.advance(to: .failed), .settle(settlement, reason: reason))

        case .reported(let report, let source, let firstPollAt, let at):
            if let reported = report.callID, let known = record.callID, known != reported {
                return refuse(.notAllowed, disagrees: true)
            }
            let transition = record.state.apply(report.state)
            guard case .advance(let state) = transition else { return step(transition) }
            // A report that moves an attempt still waiting for its dial's answer gives it its call.
            var adopted: String?
            if record.callID == nil, let reported = report.callID, record.awaitsFirstNews {
                adopted = reported
                next.callID = reported
            }
            let when = report.occurredAt ?? at
            next.state = state
            if state == .inProgress || state == .completed { next.answeredAt = record.answeredAt ?? when }
            if state.isTerminal { next.endedAt = record.endedAt ?? when }
            next.durationSeconds = report.durationSeconds ?? record.durationSeconds
            next.recordingID = report.recordingID ?? record.recordingID
            next.endReason = report.endReason ?? record.endReason
            if record.state == .unknown { next.resolvedBy = source }
            if record.awaitsFirstNews {
                // The first news of a placed call, whoever brings it: the request left right after the claim.
                // Its poll replaces the look for an ambiguous dial's call, which has been found.
                next.dialedAt = record.dialedAt ?? record.claimedAt ?? when
                next.pollAt = firstPollAt
            }
            if state.isTerminal { next.pollAt = nil }
            if let reason = record.endRequested, state.isTerminal, state != .completed {
                // The end we asked for, reported by the provider: ours, as `endedByOperator` records it.
                next.state = .cancelled
                next.endReason = reason
                return step(.advance(to: .cancelled), .settle(.cancelled, reason: reason), adopted: adopted)
            }
            // A call someone answered is asked about what they said (see `AttemptAnswers`).
            if state == .completed, !record.isTest { next.answerDueAt = record.answerDueAt ?? at }
            let followUp: FollowUp = state.attemptOutcome.map { .settleOrRetry($0, endedAt: when) } ?? .none
            return step(transition, followUp, adopted: adopted)

        case .providerHasNoCall(let number, let at):
            guard record.state == .unknown, record.callID == nil else { return refuse() }
            next.resolvedBy = "redial"
            next.claimedAt = nil
            next.claimedBy = nil
            next.pollAt = nil
            if record.isTest {
                next.state = .failed
                next.error = "the provider never received the dial"
                next.endedAt = at
                return step(.advance(to: .failed))
            }
            next.state = .scheduled
            next.dueAt = at
            next.toNumber = number
            next.dialedAt = nil
            return step(.advance(to: .scheduled))

        case .endedByOperator(let reason, let contactReason, let at):
            guard record.state.isLive, record.callID != nil else { return refuse() }
            next.state = .cancelled
            next.endReason = reason
            next.endedAt = record.endedAt ?? at
            next.pollAt = nil
            return step(.advance(to: .cancelled), .settle(.cancelled, reason: contactReason))

        case .endRequested(let reason):
            guard record.state.isLive, record.callID != nil else { return refuse() }
            next.endRequested = reason
            return step(.advance(to: record.state))
        }
    }
}
