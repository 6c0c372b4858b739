import Foundation
import Testing
import TestSupport
@testable import Worker

/// The receiver's group commit, with a recording closure instead of Postgres: every caller gets
/// its own outcome, batches never exceed their limits, and every place is freed.
@Suite struct BatcherTests {
    /// What a batcher's `run` saw, for assertions after the threads are done.
    final class Record: @unchecked Sendable {  // every field is read and written under `lock`
        let lock = NSLock()
        var batches: [[Int]] = []
        var inside = 0
        var mostInside = 0
        func enter(_ items: [Int]) {
            lock.withLock {
                batches.append(items)
                inside += 1
                mostInside = max(mostInside, inside)
            }
        }
        func leave() { lock.withLock { inside -= 1 } }
    }

    /// Runs `body` on `count` threads at once and waits for all of them.
    func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            Thread { body(index); group.leave() }.start()
        }
        group.wait()
    }

    @Test func everyCallerGetsItsOwnOutcomeAndEveryPlaceIsFreed() {
        let record = Record()
        let batcher = Batcher<Int, Int>(maxBatchSize: 5, maxConcurrentBatches: 3) { items in
            record.enter(items)
            defer { record.leave() }
            // A batch takes a little while, as a transaction does, so callers pile up behind it.
            Thread.sleep(forTimeInterval: Double(items.count % 3) / 10_000)
            return items.map { $0 % 7 == 0 ? .failure(TestSetupError("item \($0)")) : .success($0 * 2) }
        }
        let mismatches = Record()  // items whose caller got another outcome than its own
        onThreads(16) { thread in
            for round in 0..<150 {
                let item = thread * 1000 + round
                do {
                    let output = try batcher.submit(item)
                    if output != item * 2 || item % 7 == 0 { mismatches.enter([item]) }
                } catch {
                    if item % 7 != 0 || "\(error)" != "item \(item)" { mismatches.enter([item]) }
                }
            }
        }
        #expect(mismatches.batches.isEmpty)
        #expect(record.batches.flatMap { $0 }.sorted() == (0..<16).flatMap { t in (0..<150).map { t * 1000 + $0 } })
        #expect(record.batches.allSatisfy { (1...5).contains($0.count) })
        #expect(record.mostInside <= 3)
        #expect(record.batches.count < 16 * 150, "some items should have shared a batch")
        // A place not freed would leave later events waiting for a batch that never runs.
        #expect(batcher.runningBatches == 0)
        #expect(batcher.queuedItems == 0)
    }

    @Test func runsAsManyBatchesAtOnceAsAllowed() {
        let record = Record()
        let batcher = Batcher<Int, Int>(maxBatchSize: 64, maxConcurrentBatches: 3) { items in
            record.enter(items)
            defer { record.leave() }
            // Each batch stays until three run at once (or the deadline passes and the test fails).
            _ = eventually(timeout: .seconds(10), interval: .milliseconds(1)) { record.lock.withLock { record.mostInside == 3 } }
            return items.map { .success($0) }
        }
        onThreads(3) { _ = try? batcher.submit($0) }
        #expect(record.mostInside == 3)
        #expect(record.batches.count == 3)
    }

    /// Runs item 0 in a batch held open until `queued` have all queued behind it, then lets it
    /// finish; returns the batches run, in order, and the batcher for checking its places.
    func batchesAfterAHeldBatch(maxBatchSize: Int, queued: ClosedRange<Int>) -> (batches: [[Int]], batcher: Batcher<Int, Int>) {
        let record = Record()
        let gate = DispatchSemaphore(value: 0)
        let batcher = Batcher<Int, Int>(maxBatchSize: maxBatchSize, maxConcurrentBatches: 1) { items in
            record.enter(items)
            defer { record.leave() }
            if items == [0] { gate.wait() }
            return items.map { .success($0) }
        }
        let group = DispatchGroup()
        for item in [0] + Array(queued) {
            group.enter()
            Thread { _ = try? batcher.submit(item); group.leave() }.start()
            // Item 0 first, alone in its batch; the others only once it runs.
            if item == 0 { #expect(eventually { record.lock.withLock { record.inside == 1 } }) }
        }
        #expect(eventually { batcher.queuedItems == queued.count })
        gate.signal()
        group.wait()
        #expect(record.mostInside == 1)
        return (record.batches, batcher)
    }

    @Test func itemsQueuedDuringABatchRunTogetherInTheNext() {
        let (batches, batcher) = batchesAfterAHeldBatch(maxBatchSize: 64, queued: 1...5)
        #expect(batches.map { $0.sorted() } == [[0], [1, 2, 3, 4, 5]])
        #expect(batcher.runningBatches == 0)
    }

    @Test func aFullQueueIsTakenInBatchesOfAtMostTheLimit() {
        let (batches, batcher) = batchesAfterAHeldBatch(maxBatchSize: 4, queued: 1...10)
        #expect(batches.map(\.count) == [1, 4, 4, 2])
        #expect(batches.flatMap { $0 }.sorted() == Array(0...10))
        #expect(batcher.runningBatches == 0)
    }
}
