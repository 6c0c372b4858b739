import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI

/// Reconciling ambiguous dials against `GET /voice/sessions`, and polling calls whose final
/// webhook never came with `GET /voice/status`.
extension Dispatcher {
    /// How far before the claim the provider's record of a call may be stamped (clock skew between
    /// us and the provider).
    static let providerClockSkew: TimeInterval = 5
    /// Pages of sessions read per look; 10 × 100 calls covers any window at the provider's rates.
    static let maximumSessionPages = 10

    /// Looks at `unknown` attempts: a matching provider call is adopted; none after the grace
    /// period means the provider never got the dial, and the contact is dialed again.
    func reconcileUnresolved() throws {
        for item in try CallQueue.unresolved(limit: configuration.maintenanceBatch, db) {
            guard try waitForSlot(.sessions, limit: configuration.sessionsLimit) != nil else { return }
            let match: SessionSummary?
            do {
                match = try findSession(for: item)
            } catch VoiceAPIError.rateLimited(let retryAfter) {
                try limiter.rateLimited(.sessions, limit: configuration.sessionsLimit, retryAfter: retryAfter, db)
                return
            } catch {
                // Whatever failed (the provider or our database), nothing is known: never a redial on it.
                logger.warning("could not look for the call; will look again", ["attempt": .int(Int(item.id)), "error": .error(error)])
                try CallQueue.deferUnresolved(item.id, by: configuration.reconcileInterval, db)
                continue
            }
            let now = clock.now()
            if let match {
                try db.transaction { tx in
                    let state = ProviderStatusMapping.state(for: match.status) ?? .initiating
                    // A live call's status is asked for at once: its webhooks may have gone to a dead worker's run.
                    try AttemptOutcomes.apply(
                        AttemptReport(state: state, callID: match.callID), toAttempt: item.id, source: "sessions", firstPollAt: now,
                        now: now, tx)
                }
                summary.adopted += 1
                logger.info("ambiguous dial matched a provider call", ["attempt": .int(Int(item.id))])
            } else if now.timeIntervalSince(item.claimedAt) >= configuration.adoptionGrace {
                if try CallQueue.redial(item.id, now: now, db) {
                    summary.redialed += 1
                    logger.info("the provider never got the dial; dialing again", ["attempt": .int(Int(item.id))])
                }
            } else {
                try CallQueue.deferUnresolved(item.id, by: configuration.reconcileInterval, db)
            }
        }
    }

    /// The provider's call for an unresolved dial: same agent and number, created after the claim,
    /// and not already some other attempt's call.
    func findSession(for item: CallQueue.Unresolved) throws -> SessionSummary? {
        var offset = 0
        for _ in 0..<Self.maximumSessionPages {
            let page = try client.sessions(SessionQuery(
                agentID: item.agentID, limit: SessionQuery.maxLimit, offset: offset,
                startDate: item.claimedAt.addingTimeInterval(-Self.providerClockSkew),
                endDate: clock.now().addingTimeInterval(Self.providerClockSkew)))
            let candidates = page.sessions.filter { session in
                session.toNumber == item.toNumber
                    && (session.createdAt.map { $0 >= item.claimedAt.addingTimeInterval(-Self.providerClockSkew) } ?? true)
            }
            if !candidates.isEmpty {
                let known = try CallQueue.knownCallIDs(candidates.map(\.callID), db)
                if let match = candidates.first(where: { !known.contains($0.callID) }) { return match }
            }
            offset += page.sessions.count
            if page.sessions.isEmpty || offset >= page.total { break }
        }
        return nil
    }

    /// Asks the provider about accepted calls past `max_duration` plus the grace period.
    func pollOverdue() throws {
        for item in try CallQueue.overdue(limit: configuration.maintenanceBatch, db) {
            guard try waitForSlot(.status, limit: configuration.statusLimit) != nil else { return }
            let report: CallStatusReport
            do {
                report = try client.status(callID: item.callID)
            } catch .rateLimited(let retryAfter) {
                try limiter.rateLimited(.status, limit: configuration.statusLimit, retryAfter: retryAfter, db)
                return
            } catch {
                logger.warning("status poll failed; will ask again", ["attempt": .int(Int(item.id)), "error": .error(error)])
                try CallQueue.deferPoll(item.id, by: configuration.pollBackoff.delay(afterFailures: item.pollCount + 1, using: &random), db)
                continue
            }
            summary.polls += 1
            let now = clock.now()
            var ended = false
            if let state = ProviderStatusMapping.state(for: report.status) {
                let update = try db.transaction { tx in
                    try AttemptOutcomes.apply(
                        AttemptReport(state: state, callID: report.callID, durationSeconds: report.duration, recordingID: report.recordingID),
                        toAttempt: item.id, source: "status", now: now, tx)
                }
                ended = update.current.isTerminal
            }
            if !ended {
                try CallQueue.deferPoll(item.id, by: configuration.pollBackoff.delay(afterFailures: item.pollCount + 1, using: &random), db)
            }
        }
    }
}
