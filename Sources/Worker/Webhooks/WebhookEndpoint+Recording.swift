import Foundation
import Logging
import Postgres
import RemindersStore

/// How the receiver records a batch of events: one transaction, committed in two round trips.
extension WebhookEndpoint {
    /// Largest batch: keeps each transaction's row locks and statement sizes small; past a few
    /// dozen, bigger batches stop saving round trips that matter.
    static let maxEventsPerBatch = 64

    /// The receiver's statements find rows by id and token only, so one generic plan fits every
    /// batch. Left to choose, Postgres plans the lock and write statements again on every run,
    /// which cost a quarter of each batch (6.4k → 8.4k events/s on the benchmark's load, fsync off).
    static let transactionSettings: KeyValuePairs<String, String> = ["plan_cache_mode": "force_generic_plan"]

    /// Whether `error` is one of the bounded waits of `WebhookReceiver.databaseSettings` running out.
    static func timedOut(_ error: any Error) -> Bool {
        guard let state = (error as? PostgresError)?.sqlState else { return false }
        return state == .lockNotAvailable || state == .queryCanceled
    }

    /// Records a batch in one transaction; if that fails, each event alone, on a connection of its
    /// own: one bad event (a payload Postgres refuses, say) does not fail the others, and an event
    /// whose connection was cut (a database restart, a failover) gets one more try on a new
    /// connection instead of a 503. Trying again is safe: events are stored once per key and
    /// states only move forward.
    static func record(
        _ items: [EventRecorder.Item], now: Date, pool: ConnectionPool, logger: Logger
    ) -> [Swift.Result<EventRecorder.Result, any Error>] {
        do {
            let results = try pool.withConnection(timeout: probeTimeout) { db in
                try EventRecorder.recordBatchCommitting(items, settings: transactionSettings, now: now, db)
            }
            return results.map { .success($0) }
        } catch {
            // A database too slow for one batch is too slow for its events one by one: 503 for all.
            if timedOut(error) { return items.map { _ in .failure(error) } }
            let connectionWasCut = (error as? PostgresError)?.kind == .connectionLost
            guard items.count > 1 || connectionWasCut else { return [.failure(error)] }
            logger.warning("event batch not recorded; recording its events one by one", [
                "events": .int(items.count), "error": .error(error),
            ])
            return items.map { item in
                Swift.Result {
                    try pool.withConnection(timeout: probeTimeout) { db in
                        try db.transaction(settings: transactionSettings) { tx in
                            try EventRecorder.record(item.event, token: item.token, now: now, tx)
                        }
                    }
                }
            }
        }
    }
}
