import Foundation
import Testing
import TestSupport
@testable import Worker

/// The receiver's group commit, with a recording closure instead of Postgres: every caller gets
/// its own outcome after its batch has run, batches never exceed their limits, every batch runs
/// on its first item's thread, and every place is freed.
@Suite struct BatcherTests {
    /// What a batcher's `run` saw. Fields change under `lock`; tests read them without it only
    /// after every submitting thread is done (the group's wait orders those reads).
    final class Record: @unchecked Sendable {
        let lock = NSLock()
        var batches: [[Int]] = []
        /// Each batch's thread, in the order of `batches`.
        var threads: [ObjectIdentifier] = []
        /// Items whose batch has finished running.
        var finished: Set<Int> = []
        var inside = 0
        var mostInside = 0
        func enter(_ items: [Int]) {
            lock.withLock {
                batches.append(items)
                threads.append(ObjectIdentifier(Thread.current))
                inside += 1
                mostInside = max(mostInside, inside)
            }
        }
        func leave(_ items: [Int]) {
            lock.withLock {
                finished.formUnion(items)
                inside -= 1
            }
        }
        func isFinished(_ item: Int) -> Bool { lock.withLock { finished.contains(item) } }
    }

    /// Threads that submit items, each remembered with the item it submitted.
    final class Submitters: @unchecked Sendable {  // `threadOfItem` changes under `lock`
        let lock = NSLock()
        let group = DispatchGroup()
        var threadOfItem: [Int: ObjectIdentifier] = [:]

        func start(_ body: @escaping @Sendable () -> Void, item: Int? = nil) {
            group.enter()
            Thread { [self] in
                if let item { lock.withLock { threadOfItem[item] = ObjectIdentifier(Thread.current) } }
                body()
                group.leave()
            }.start()
        }

        /// Waits for every thread; a batcher that loses a wake-up fails here instead of hanging.
        func waitForAll() -> Bool {
            group.wait(timeout: .now() + 30) == .success
        }
    }

    @Test func everyCallerGetsItsOwnOutcomeAfterItsBatchAndEveryPlaceIsFreed() {
        let record = Record()
        let batcher = Batcher<Int, Int>(maxBatchSize: 5, maxConcurrentBatches: 3) { items in
            record.enter(items)
            defer { record.leave(items) }
            // A batch takes a little while, as a transaction does, so callers pile up behind it.
            Thread.sleep(forTimeInterval: Double(items.count % 3) / 10_000)
            return items.map { $0 % 7 == 0 ? .failure(TestSetupError("item \($0)")) : .success($0 * 2) }
        }
        let mismatches = Record()  // items whose caller got another outcome, or got it too early
        let submitters = Submitters()
        for thread in 0..<16 {
            submitters.start {
                for round in 0..<150 {
                    let item = thread * 1000 + round
                    let outcome = Result { try batcher.submit(item) }
                    let expected = item % 7 == 0 ? "failure(item \(item))" : "success(\(item * 2))"
                    if "\(outcome)" != expected || !record.isFinished(item) { mismatches.enter([item]) }
                }
            }
        }
        #expect(submitters.waitForAll())
        #expect(mismatches.batches.isEmpty)
        #expect(record.batches.flatMap { $0 }.sorted() == (0..<16).flatMap { t in (0..<150).map { t * 1000 + $0 } })
        #expect(record.batches.allSatisfy { (1...5).contains($0.count) })
        #expect(record.mostInside <= 3)
        // A place not freed would leave later events waiting for a batch that never runs.
        #expect(batcher.runningBatches == 0)
        #expect(batcher.queuedItems == 0)
    }

    @Test func runsAsManyBatchesAtOnceAsAllowed() {
        let record = Record()
        let batcher = Batcher<Int, Int>(maxBatchSize: 64, maxConcurrentBatches: 3) { items in
            record.enter(items)
            defer { record.leave(items) }
            // Each batch stays until three run at once (or the deadline passes and the test fails).
            _ = eventually(timeout: .seconds(10), interval: .milliseconds(1)) { record.lock.withLock { record.mostInside == 3 } }
            return items.map { .success($0) }
        }
        let submitters = Submitters()
        for item in 0..<3 { submitters.start { _ = try? batcher.submit(item) } }
        #expect(submitters.waitForAll())
        #expect(record.mostInside == 3)
        #expect(record.batches.count == 3)
    }

    /// Runs `held` items, each alone in a batch held open, until `queued` have all queued behind
    /// them; then lets them finish. Returns the batches run, in order, after checking that each
    /// ran on its first item's thread and that no more than `held.count` ran at once.
    func batchesAfterHeldBatches(
        maxBatchSize: Int, held: [Int], queued: ClosedRange<Int>
    ) -> (batches: [[Int]], batcher: Batcher<Int, Int>) {
        let record = Record()
        let gate = DispatchSemaphore(value: 0)
        let batcher = Batcher<Int, Int>(maxBatchSize: maxBatchSize, maxConcurrentBatches: held.count) { items in
            record.enter(items)
            defer { record.leave(items) }
            if items.count == 1, held.contains(items[0]) { gate.wait() }
            return items.map { .success($0) }
        }
        let submitters = Submitters()
        for (index, item) in held.enumerated() {
            submitters.start({ _ = try? batcher.submit(item) }, item: item)
            #expect(eventually { record.lock.withLock { record.inside == index + 1 } })
        }
        for item in queued { submitters.start({ _ = try? batcher.submit(item) }, item: item) }
        #expect(eventually { batcher.queuedItems == queued.count })
        #expect(record.lock.withLock { record.inside } == held.count)
        for _ in held { gate.signal() }
        #expect(submitters.waitForAll())
        #expect(record.mostInside == held.count)
        for (batch, thread) in zip(record.batches, record.threads) {
            #expect(submitters.threadOfItem[batch[0]] == thread, "batch \(batch) ran on another caller's thread")
        }
        return (record.batches, batcher)
    }

    @Test func itemsQueuedDuringABatchRunTogetherInTheNext() {
        let (batches, batcher) = batchesAfterHeldBatches(maxBatchSize: 64, held: [0], queued: 1...5)
        #expect(batches.map { $0.sorted() } == [[0], [1, 2, 3, 4, 5]])
        #expect(batcher.runningBatches == 0)
    }

    @Test func aFullQueueIsTakenInBatchesOfAtMostTheLimit() {
        let (batches, batcher) = batchesAfterHeldBatches(maxBatchSize: 4, held: [0], queued: 1...10)
        #expect(batches.map(\.count) == [1, 4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0...10))
        #expect(batcher.runningBatches == 0)
    }

    @Test func noMoreBatchesRunThanAllowedWhileItemsQueue() {
        let (batches, batcher) = batchesAfterHeldBatches(maxBatchSize: 3, held: [0, 1], queued: 2...7)
        #expect(batches.prefix(2).map(\.count) == [1, 1])
        #expect(batches.dropFirst(2).map(\.count) == [3, 3])
        #expect(batches.flatMap { $0 }.sorted() == Array(0...7))
        #expect(batcher.runningBatches == 0)
    }

    /// A caller whose item waits behind a stuck batch stops waiting at its deadline, and its item
    /// is never run afterwards (issue 16: the wait had no deadline, so a sick database held every
    /// thread). The stuck batch's own caller still gets its outcome once the batch returns.
    @Test func aQueuedItemGivesUpAtItsDeadlineAndIsNeverRun() throws {
        let release = DispatchSemaphore(value: 0)
        let record = Record()
        let batcher = Batcher<Int, Int>(maxBatchSize: 4, maxConcurrentBatches: 1) { items in
            record.enter(items)
            if items.contains(1) { release.wait() }
            record.leave(items)
            return items.map { .success($0) }
        }
        let first = Submitters()
        let firstResult = Locked<Int?>(nil)
        first.start({ firstResult.set(try? batcher.submit(1)) })
        #expect(eventually { batcher.runningBatches == 1 && record.lock.withLock { record.batches.count } == 1 })
        #expect(throws: BatcherError.timedOut) { try batcher.submit(2, deadline: .now + .milliseconds(200)) }
        #expect(batcher.queuedItems == 0)
        release.signal()
        first.group.wait()
        #expect(firstResult.get() == 1)
        #expect(record.lock.withLock { record.batches } == [[1]])
        #expect(batcher.runningBatches == 0)
    }
}

/// A value shared with another thread.
final class Locked<Value: Sendable>: @unchecked Sendable {  // `value` changes under `lock`
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func set(_ newValue: Value) { lock.withLock { value = newValue } }
    func get() -> Value { lock.withLock { value } }
}
