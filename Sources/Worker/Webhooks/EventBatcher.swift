import Foundation
import Postgres
import RemindersStore

/// Groups events that arrive at the same time into one transaction (group commit).
///
/// Each handler thread queues its event. While fewer than `maxConcurrentBatches` batches run,
/// the arriving thread leads a batch at once; otherwise it sleeps until either its batch has
/// committed (its result is set) or it is named leader of the next batch. A leader takes up to
/// `maxBatchSize` queued events, records them in one transaction, and only after the commit
/// wakes exactly those events' threads and the next leader, so "200 only after commit" holds
/// per event and no thread is woken for nothing. Under light load a batch is one event.
///
/// `@unchecked Sendable` is safe: `queue`, `running` and every `Waiter`'s `outcome` and
/// `leads` are only read or written with `lock` held; a waiter's semaphore is signalled after
/// the lock is released, and its owner reads its fields again under the lock.
final class EventBatcher: @unchecked Sendable {
    /// Largest batch: keeps each transaction's row locks and statement sizes small; past a few
    /// dozen, bigger batches stop saving round trips that matter.
    static let maxBatchSize = 64

    private let pool: ConnectionPool
    private let maxConcurrentBatches: Int
    private let lock = NSLock()
    private var queue: [Waiter] = []
    private var running = 0

    final class Waiter {
        let item: EventRecorder.Item
        let wake = DispatchSemaphore(value: 0)
        var outcome: Swift.Result<EventRecorder.Result, any Error>?
        /// Set when this waiter is named leader of the next batch.
        var leads = false
        init(_ item: EventRecorder.Item) { self.item = item }
    }

    init(pool: ConnectionPool, maxConcurrentBatches: Int) {
        self.pool = pool
        self.maxConcurrentBatches = max(1, maxConcurrentBatches)
    }

    /// Records `item` (in some batch) and returns its result once that batch has committed.
    func submit(_ item: EventRecorder.Item, now: @Sendable () -> Date) throws -> EventRecorder.Result {
        let waiter = Waiter(item)
        lock.lock()
        queue.append(waiter)
        if running < maxConcurrentBatches {
            running += 1
            waiter.leads = true
        }
        lock.unlock()
        while true {
            lock.lock()
            if let outcome = waiter.outcome {
                lock.unlock()
                return try outcome.get()
            }
            let leads = waiter.leads
            waiter.leads = false
            let batch = leads ? Array(queue.prefix(Self.maxBatchSize)) : []
            if leads { queue.removeFirst(batch.count) }
            lock.unlock()
            if leads {
                lead(batch, now: now())
            } else {
                waiter.wake.wait()
            }
        }
    }

    /// Runs one batch, then hands out its results and names the next leader, if events wait.
    private func lead(_ batch: [Waiter], now: Date) {
        let outcomes = batch.isEmpty ? [] : record(batch.map(\.item), now: now)
        lock.lock()
        for (waiter, outcome) in zip(batch, outcomes) { waiter.outcome = outcome }
        var next: Waiter?
        if let first = queue.first {
            first.leads = true
            next = first
        } else {
            running -= 1
        }
        lock.unlock()
        for waiter in batch { waiter.wake.signal() }
        next?.wake.signal()
    }

    /// The receiver's statements find rows by id and token only, so one generic plan fits every
    /// batch. Left to choose, Postgres plans the lock and write statements again on every run,
    /// which cost a quarter of each batch (6.4k → 8.4k events/s on the benchmark's load, fsync off).
    static let transactionSettings: KeyValuePairs<String, String> = ["plan_cache_mode": "force_generic_plan"]

    /// Records a batch in one transaction; if that fails, each event alone, so one bad event
    /// (a payload Postgres refuses, say) does not fail the others.
    private func record(_ items: [EventRecorder.Item], now: Date) -> [Swift.Result<EventRecorder.Result, any Error>] {
        do {
            let results = try pool.withConnection { db in
                try EventRecorder.recordBatchCommitting(items, settings: Self.transactionSettings, now: now, db)
            }
            return results.map { .success($0) }
        } catch {
            guard items.count > 1 else { return [.failure(error)] }
            return items.map { item in
                Swift.Result {
                    try pool.withConnection { db in
                        try db.transaction(settings: Self.transactionSettings) { tx in
                            try EventRecorder.record(item.event, token: item.token, now: now, tx)
                        }
                    }
                }
            }
        }
    }
}
