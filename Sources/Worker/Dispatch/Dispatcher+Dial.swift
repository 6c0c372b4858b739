import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI

/// Dialing: a slot from the rate limiter, a claim with its pre-dial checks, the request, and its result.
extension Dispatcher {
    /// Waits for a dial slot, then claims and dials one attempt. Attempts that fail a pre-dial
    /// check are rescheduled or settled and the next is claimed on the same slot. Returns false
    /// when nothing was due (the slot goes unused).
    func dialNext() throws -> Bool {
        guard let slot = try waitForSlot(.dial, limit: configuration.dialLimit, lead: Self.claimLead) else { return true }
        var checked = 0
        while !stopRequested() && checked < Self.claimsPerSlot {
            checked += 1
            switch try queue.claimNext(now: clock.now(), db) {
            case .empty:
                return false
            case .notDialed(let attemptID, let verdict):
                summary.notDialed += 1
                logger.info("not dialed", ["attempt": .int(Int(attemptID)), "verdict": .text(Self.describe(verdict))])
            case .dial(let attempt):
                if try recheck(attempt) == .handled {
                    summary.notDialed += 1
                    continue
                }
                // Not interruptible: the attempt is claimed, and the rest of the lead is short.
                let early = ContinuousClock.now.duration(to: slot)
                if early > .zero { clock.sleep(early) }
                let result = client.dial(request(for: attempt))
                // Kept until written, so a database outage cannot lose what the provider said.
                unrecorded = (attempt, result)
                try record(result, for: attempt)
                unrecorded = nil
                return true
            }
        }
        return true
    }

    /// Claims tried on one slot before taking a fresh one: a batch of contacts outside their
    /// windows is rescheduled quickly, yet one turn of the loop stays bounded.
    static let claimsPerSlot = 100

    /// The dial request for a claimed attempt.
    func request(for attempt: ClaimedAttempt) -> DialRequest {
        let campaign = attempt.campaign
        return DialRequest(
            agentID: campaign.agentID, toNumber: attempt.toNumber, fromNumber: campaign.fromNumber,
            context: attempt.context, maxDuration: campaign.maxDuration, recording: campaign.recording,
            scheduledAt: attempt.scheduledAt, webhookURL: Self.webhookURL(base: configuration.webhookBaseURL, token: attempt.webhookToken))
    }

    /// `<base>/webhooks/voice/<token>`, or nil without a base URL.
    static func webhookURL(base: String?, token: String) -> String? {
        guard var base, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/webhooks/voice/" + token
    }

    /// Writes what came of a dial.
    func record(_ result: DialResult, for attempt: ClaimedAttempt) throws {
        let fields: KeyValuePairs<String, LogValue> = ["attempt": .int(Int(attempt.id)), "to": .phone(attempt.toNumber)]
        if case .ambiguous = result { ambiguousInARow += 1 } else { ambiguousInARow = 0 }
        var refusesTheSetup = false
        if case .permanent(let status, let message) = result {
            refusesTheSetup = Self.refusesTheAccount(status) || countRefusal(status, message, attempt)
        } else {
            refusalStreak = nil
        }
        switch result {
        case .accepted(let callID, _):
            // A call queued ahead is polled only after it could have ended.
            let ahead = max(attempt.scheduledAt?.timeIntervalSince(clock.now()) ?? 0, 0)
            let pollAfter = attempt.campaign.statusPollDelay + ahead
            summary.accepted += 1
            let acceptance = try CallQueue.recordAccepted(
                attempt.id, callID: callID, pollAfter: pollAfter, scheduledAt: attempt.scheduledAt, now: clock.now(), db)
            if acceptance == .callIDDisagrees {
                // A webhook named another call before this answer came: which one is real is for a
                // person to judge. It is flagged and the run goes on; never fatal for the others.
                summary.callIDDisagreements += 1
                logger.error("the dial answered another call id than its webhooks; flagged for the operator", fields)
            } else {
                logger.info("dialed", fields)
            }
        case .rateLimited(let retryAfter):
            try limiter.rateLimited(.dial, limit: configuration.dialLimit, retryAfter: retryAfter, db)
            let wait = Double(RateBucket.blockMicroseconds(configuration.dialLimit, retryAfter: retryAfter)) / 1e6
            let now = clock.now()
            try CallQueue.recordNotPlaced(attempt.id, dueAt: now.addingTimeInterval(wait), reason: "rate_limited", now: now, db)
            summary.rateLimited += 1
            logger.warning("dial rate limited by the provider", fields)
        case .transient(let reason):
            let delay = configuration.transientBackoff.delay(afterFailures: attempt.transientFailures + 1, using: &random)
            let now = clock.now()
            try CallQueue.recordNotPlaced(attempt.id, dueAt: now.addingTimeInterval(delay), reason: "transient", now: now, db)
            summary.transient += 1
            logger.warning("dial failed, will retry", ["attempt": .int(Int(attempt.id)), "reason": .text(reason), "in_seconds": .seconds(delay)])
        case .permanent(let status, let message) where refusesTheSetup:
            // Nothing about this patient was refused: the attempt goes back as it was, and the run stops.
            let now = clock.now()
            try CallQueue.recordNotPlaced(attempt.id, dueAt: now, reason: "provider_refused_\(status)", now: now, db)
            // The streak's earlier contacts were settled on the same refusal: they come back too.
            let earlier = refusalStreak?.attempts.filter { $0 != attempt.id } ?? []
            if !earlier.isEmpty { try AttemptOutcomes.reopenRefused(attemptIDs: earlier, now: now, db) }
            summary.refused += 1
            summary.accountRefusal = "HTTP \(status): \(message)"
            logger.error("the provider refuses this account's dials; stopping", ["status": .int(status), "reason": .text(message)])
        case .permanent(let status, _):
            try CallQueue.recordRefused(attempt.id, providerStatus: status, now: clock.now(), db)
            summary.refused += 1
            logger.warning("dial refused by the provider", ["attempt": .int(Int(attempt.id)), "status": .int(status)])
        case .ambiguous(let reason):
            try CallQueue.recordAmbiguous(
                attempt.id, reason: "ambiguous dial", reconcileAfter: min(configuration.reconcileInterval, configuration.adoptionGrace),
                now: clock.now(), db)
            summary.ambiguous += 1
            logger.warning("dial outcome unknown; will reconcile", ["attempt": .int(Int(attempt.id)), "reason": .text(reason)])
            if ambiguousInARow >= configuration.ambiguousDialsForOutage {
                ambiguousInARow = 0
                try limiter.rateLimited(.dial, limit: configuration.dialLimit, retryAfter: .interval(configuration.outagePause), db)
                logger.warning("the provider gives no usable answers; dialing paused", ["in_seconds": .seconds(configuration.outagePause)])
            }
        }
    }

    /// Different contacts refused in a row with the same status and message before the run takes
    /// it for the campaign's setup (an unverified `from_number`, say), not their numbers.
    static let identicalRefusalsToStop = 3

    /// Counts this refusal into the streak of identical ones; whether it completes the streak.
    /// Any other result of a dial ends the streak (see `record`). The contacts refused before the
    /// streak was complete are put back when it completes.
    func countRefusal(_ status: Int, _ message: String, _ attempt: ClaimedAttempt) -> Bool {
        let refusal = "HTTP \(status): \(message)"
        var streak = RefusalStreak(refusal: refusal)
        if let current = refusalStreak, current.refusal == refusal { streak = current }
        streak.contacts.insert(attempt.contactID)
        streak.attempts.append(attempt.id)
        refusalStreak = streak
        return streak.contacts.count >= Self.identicalRefusalsToStop
    }

    /// Refusals of the account or the campaign's setup, not of the patient's number: 401 and 403
    /// (key, permissions), 402 (balance) and 404 (the only thing a dial names that can be missing
    /// is the campaign's agent). Every other contact would be refused the same way.
    static func refusesTheAccount(_ status: Int) -> Bool {
        [401, 402, 403, 404].contains(status)
    }

    /// A verdict for the log, without personal data.
    static func describe(_ verdict: DialGuard.Verdict) -> String {
        switch verdict {
        case .dial: "dial"
        case .reschedule(let at, let reason): "rescheduled:\(reason) at \(ISO8601DateFormatter().string(from: at))"
        case .settle(let reason): "settled:\(reason.rawValue)"
        }
    }
}
