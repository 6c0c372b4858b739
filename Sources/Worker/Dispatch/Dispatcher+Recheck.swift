import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore

/// The source recheck (`source.postgres.recheck`): just before a dial, the practice system is
/// asked whether the appointment still stands, so one cancelled minutes before its call is not called.
extension Dispatcher {
    /// What the recheck decided for a claimed attempt.
    enum RecheckOutcome: Equatable {
        /// Dial it.
        case dial
        /// Already settled or put back (cancelled, skipped, or waiting for the source): claim the next.
        case handled
    }

    /// Waiting for an unreachable source: the attempt is looked at again this much later.
    static let recheckRetryDelay: TimeInterval = 30
    /// The longest a recheck query may run; the source is a practice system's database.
    static let recheckSettings: KeyValuePairs<String, String> = ["statement_timeout": "5s", "default_transaction_read_only": "on"]

    /// Rechecks `attempt` when its campaign has a recheck query; `.dial` otherwise.
    func recheck(_ attempt: ClaimedAttempt) throws -> RecheckOutcome {
        guard let recheck = attempt.campaign.recheck else { return .dial }
        let fields: KeyValuePairs<String, LogValue> = ["attempt": .int(Int(attempt.id))]
        let verdict: SourceRecheck.Verdict
        do {
            verdict = try SourceRecheck.check(
                campaign: attempt.campaign, recheck: recheck, externalID: attempt.externalID, try sourceConnection())
        } catch {
            sourceDB = nil
            return try sourceUnavailable(attempt, recheck, error)
        }
        recheckFailingSince[attempt.id] = nil
        switch verdict {
        case .stands:
            return .dial
        case .cancelled(let reason):
            try CallQueue.recordCancelledBySource(attempt.id, reason: reason, now: clock.now(), db)
            logger.info("not dialed: the source cancelled the appointment", fields)
            return .handled
        }
    }

    /// The source could not answer: wait for it (the attempt goes back to the queue) for the
    /// campaign's `recheck_wait`, then dial or skip as its `recheck_unavailable` says.
    private func sourceUnavailable(_ attempt: ClaimedAttempt, _ recheck: Campaign.Recheck, _ error: any Error) throws -> RecheckOutcome {
        let now = clock.now()
        let since = recheckFailingSince[attempt.id] ?? now
        recheckFailingSince[attempt.id] = since
        let fields: KeyValuePairs<String, LogValue> = ["attempt": .int(Int(attempt.id)), "error": .error(error)]
        if now.timeIntervalSince(since) < recheck.wait.timeInterval {
            logger.warning("source recheck failed; the dial waits for the source", fields)
            _ = try CallQueue.recordNotPlaced(
                attempt.id, dueAt: now.addingTimeInterval(Self.recheckRetryDelay), reason: "source_unavailable", now: now, db)
            return .handled
        }
        recheckFailingSince[attempt.id] = nil
        switch recheck.whenUnavailable {
        case .dial:
            logger.warning("source unreachable past recheck_wait; dialing as recheck_unavailable says", fields)
            return .dial
        case .skip:
            logger.warning("source unreachable past recheck_wait; skipped as recheck_unavailable says", fields)
            try CallQueue.recordSkippedUnasked(attempt.id, now: now, db)
            return .handled
        }
    }

    /// The connection to the practice system's database, opened on first use and after a failure.
    private func sourceConnection() throws -> Connection {
        if let sourceDB { return sourceDB }
        guard let url = configuration.sourceDatabaseURL else {
            throw PostgresError(kind: .misuse, summary: "no source database for the recheck (SOURCE_DATABASE_URL)")
        }
        let opened = try Connection(url: url, applicationName: "reminders-recheck", settings: Self.recheckSettings)
        sourceDB = opened
        return opened
    }
}
