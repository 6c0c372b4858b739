import Foundation

/// Groups work that arrives at the same time into batches, each run on one of the waiting
/// threads (group commit), with at most `maxConcurrentBatches` running at once.
///
/// Each caller queues its item. The queue is empty whenever a place is free, so an arriving
/// thread that finds one runs a batch of its own item at once. Otherwise it sleeps until its
/// batch has run (its outcome is set) or it is handed a batch to run. A finishing batch hands up
/// to `maxBatchSize` queued items, as the next batch, to the thread of the first of them, or frees
/// its place when the queue is empty. So every batch a thread runs holds its own item: no caller
/// is kept running other callers' batches. Taking a batch always removes it from the queue under
/// the lock, so no item is in two batches and every place is freed exactly once. Outcomes are
/// handed out only after `run` returns, so for the receiver "200 only after commit" holds per
/// event. Under light load a batch is one item.
///
/// A caller waits for a place in a batch at most until its deadline: an item still queued then
/// is taken out and the caller gets `BatcherError.timedOut` (the receiver answers 503 and the
/// provider retries). An item already in a running batch cannot be taken back; its caller stops
/// waiting all the same, and the batch's outcome for it is dropped. A thread handed a batch to
/// run always runs it, since the items in it wait on that thread.
///
/// `@unchecked Sendable` is safe: items and outputs are `Sendable`, as they cross threads;
/// `queue`, `running` and every `Waiter`'s `outcome` and `batchToRun` are only read or written
/// with `lock` held; a waiter's semaphore is signalled after the lock is released, and its owner
/// reads its fields again under the lock.
final class Batcher<Item: Sendable, Output: Sendable>: @unchecked Sendable {
    typealias Outcome = Swift.Result<Output, any Error>
    /// Runs one batch; returns one outcome per item, in order.
    typealias Run = @Sendable ([Item]) -> [Outcome]

    let maxBatchSize: Int
    let maxConcurrentBatches: Int
    private let run: Run
    private let lock = NSLock()
    private var queue: [Waiter] = []
    private var running = 0

    private final class Waiter {
        let item: Item
        let wake = DispatchSemaphore(value: 0)
        var outcome: Outcome?
        /// A batch this waiter's thread is to run; the waiter is its first item.
        var batchToRun: [Waiter]?
        init(_ item: Item) { self.item = item }
    }

    init(maxBatchSize: Int, maxConcurrentBatches: Int, run: @escaping Run) {
        self.maxBatchSize = max(1, maxBatchSize)
        self.maxConcurrentBatches = max(1, maxConcurrentBatches)
        self.run = run
    }

    /// Batches running or handed to a thread that has yet to start them; 0 when all is quiet.
    var runningBatches: Int {
        lock.withLock { running }
    }

    /// Items waiting for a batch to take them.
    var queuedItems: Int {
        lock.withLock { queue.count }
    }

    /// Runs `item` in some batch and returns its outcome once that batch has run, or throws
    /// `BatcherError.timedOut` if that has not happened by `deadline`.
    func submit(_ item: Item, deadline: ContinuousClock.Instant? = nil) throws -> Output {
        let waiter = Waiter(item)
        lock.lock()
        queue.append(waiter)
        var batch: [Waiter]?
        if running < maxConcurrentBatches {
            running += 1
            batch = takeBatch()
        }
        lock.unlock()
        if let batch { runBatch(batch) }
        while true {
            lock.lock()
            if let outcome = waiter.outcome {
                lock.unlock()
                return try outcome.get()
            }
            let batch = waiter.batchToRun
            waiter.batchToRun = nil
            lock.unlock()
            if let batch {
                runBatch(batch)
            } else if let deadline {
                let left = ContinuousClock.now.duration(to: deadline)
                let nanoseconds = max(0, left.components.seconds * 1_000_000_000 + left.components.attoseconds / 1_000_000_000)
                if waiter.wake.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut, giveUp(waiter) {
                    throw BatcherError.timedOut
                }
            } else {
                waiter.wake.wait()
            }
        }
    }

    /// Stops waiting for `waiter` unless it has an outcome or a batch to run: a queued item is
    /// taken out of the queue. Returns whether the caller should give up.
    private func giveUp(_ waiter: Waiter) -> Bool {
        lock.withLock {
            guard waiter.outcome == nil, waiter.batchToRun == nil else { return false }
            queue.removeAll { $0 === waiter }
            return true
        }
    }

    /// Removes the next batch from the queue; the lock must be held.
    private func takeBatch() -> [Waiter] {
        let batch = Array(queue.prefix(maxBatchSize))
        queue.removeFirst(batch.count)
        return batch
    }

    /// Runs a batch, hands the queue on as the next batch (or frees this place), then wakes the
    /// next batch's thread first, since the next batch waits on it, and this batch's threads.
    private func runBatch(_ batch: [Waiter]) {
        let outcomes = run(batch.map(\.item))
        precondition(outcomes.count == batch.count, "a batch must return one outcome per item")
        lock.lock()
        for (waiter, outcome) in zip(batch, outcomes) { waiter.outcome = outcome }
        var next: [Waiter] = []
        if queue.isEmpty {
            running -= 1
        } else {
            next = takeBatch()
            next[0].batchToRun = next
        }
        lock.unlock()
        next.first?.wake.signal()
        for waiter in batch { waiter.wake.signal() }
    }
}

/// Why `Batcher.submit` returned without an outcome.
enum BatcherError: Error, Equatable {
    /// The deadline passed before a batch had run the item.
    case timedOut
}
