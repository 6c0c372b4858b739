import Foundation
import Postgres
import RemindersStore

/// Groups events that arrive at the same time into one transaction (group commit).
///
/// Each handler thread submits its event and waits. When fewer than `maxConcurrentBatches`
/// batches are running, a waiting thread becomes the leader: it takes up to `maxBatchSize`
/// queued events, records them in one transaction, and hands every waiter its result after the
/// commit, so "200 only after commit" still holds per event. Under light load a batch is one
/// event and nothing waits; under heavy load the statements and the commit are shared.
///
/// `@unchecked Sendable` is safe: `queue` and `running` are only touched with `condition` locked;
/// a `Waiter`'s `outcome` is written by its batch's leader before the lock is released and read
/// by its owner only after seeing it set under the lock.
final class EventBatcher: @unchecked Sendable {
    /// Largest batch: keeps each transaction's row locks and statement sizes small; past a few
    /// dozen, bigger batches stop saving round trips that matter.
    static let maxBatchSize = 64

    private let pool: ConnectionPool
    private let maxConcurrentBatches: Int
    private let condition = NSCondition()
    private var queue: [Waiter] = []
    private var running = 0

    final class Waiter {
        let item: EventRecorder.Item
        var outcome: Swift.Result<EventRecorder.Result, any Error>?
        init(_ item: EventRecorder.Item) { self.item = item }
    }

    init(pool: ConnectionPool, maxConcurrentBatches: Int) {
        self.pool = pool
        self.maxConcurrentBatches = max(1, maxConcurrentBatches)
    }

    /// Records `item` (in some batch) and returns its result once that batch has committed.
    func submit(_ item: EventRecorder.Item, now: @Sendable () -> Date) throws -> EventRecorder.Result {
        let waiter = Waiter(item)
        condition.lock()
        queue.append(waiter)
        while waiter.outcome == nil {
            if running < maxConcurrentBatches, !queue.isEmpty {
                let batch = Array(queue.prefix(Self.maxBatchSize))
                queue.removeFirst(batch.count)
                running += 1
                condition.unlock()
                let outcomes = record(batch.map(\.item), now: now())
                condition.lock()
                for (waiter, outcome) in zip(batch, outcomes) { waiter.outcome = outcome }
                running -= 1
                condition.broadcast()
            } else {
                condition.wait()
            }
        }
        condition.unlock()
        // The loop only ends once the outcome is set.
        switch waiter.outcome {
        case .success(let result): return result
        case .failure(let error): throw error
        case nil: throw PostgresError(kind: .misuse, summary: "event batch ended without an outcome")
        }
    }

    /// Records a batch in one transaction; if that fails, each event alone, so one bad event
    /// (a payload Postgres refuses, say) does not fail the others.
    private func record(_ items: [EventRecorder.Item], now: Date) -> [Swift.Result<EventRecorder.Result, any Error>] {
        do {
            let results = try pool.withConnection { db in
                try db.transaction { tx in try EventRecorder.recordBatch(items, now: now, tx) }
            }
            return results.map { .success($0) }
        } catch {
            guard items.count > 1 else { return [.failure(error)] }
            return items.map { item in
                Swift.Result {
                    try pool.withConnection { db in
                        try db.transaction { tx in try EventRecorder.record(item.event, token: item.token, now: now, tx) }
                    }
                }
            }
        }
    }
}
