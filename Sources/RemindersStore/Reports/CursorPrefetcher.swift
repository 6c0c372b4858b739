import Foundation
import Postgres
import Synchronization

/// Reads a cursor's batches on a helper thread while the caller works through the previous batch,
/// so the database producing rows and the caller decoding and rendering them overlap instead of
/// taking turns.
///
/// At most `depth` fetched batches wait in memory. The caller's thread does not touch the
/// connection between `init` and the return of `forEach`: `forEach` waits for the helper thread
/// to finish, even when the caller's body throws, so the connection is used by one thread at a time.
final class CursorPrefetcher<Element: Sendable>: Sendable {
    /// One fetched batch: its elements, whether the cursor is exhausted, or the error it hit.
    private enum Batch: Sendable {
        case batch(Element, last: Bool)
        case failed(String)
    }

    private let queue = Mutex<[Batch]>([])
    private let stopped = Atomic<Bool>(false)
    private let freeSlots: DispatchSemaphore
    private let readyBatches = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    /// Starts fetching: `fetch` runs on the helper thread, returning one batch and whether it was the last.
    init(depth: Int, connection: Connection, fetch: @escaping @Sendable (Connection) throws -> (batch: Element, last: Bool)) {
        // libdispatch traps when a semaphore is freed below its initial value, which this one may be
        // when the caller stops early: start it at 0 and raise it to `depth`.
        freeSlots = DispatchSemaphore(value: 0)
        for _ in 0..<max(depth, 1) { freeSlots.signal() }
        let handoff = ConnectionHandoff(connection)
        Thread.detachNewThread { [self] in
            defer { finished.signal() }
            while true {
                freeSlots.wait()
                if stopped.load(ordering: .acquiring) { return }
                let batch: Batch
                do {
                    let fetched = try fetch(handoff.connection)
                    batch = .batch(fetched.batch, last: fetched.last)
                } catch {
                    batch = .failed(String(describing: error))
                }
                queue.withLock { $0.append(batch) }
                readyBatches.signal()
                if case .batch(_, last: false) = batch { continue }
                return
            }
        }
    }

    /// Calls `body` with every batch in order; returns once the helper thread has stopped.
    func forEach(_ body: (Element) throws -> Void) throws {
        defer {
            stopped.store(true, ordering: .releasing)
            freeSlots.signal()  // wake the helper if it waits for room, so it sees `stopped`
            finished.wait()
        }
        while true {
            readyBatches.wait()
            let batch = queue.withLock { $0.removeFirst() }
            freeSlots.signal()
            switch batch {
            case .failed(let message):
                throw PrefetchError(description: message)
            case .batch(let element, let last):
                try body(element)
                if last { return }
            }
        }
    }
}

/// A fetch that failed on the helper thread (errors are not all `Sendable`, so it travels as text).
struct PrefetchError: Error, CustomStringConvertible {
    let description: String
}

/// Hands the connection to the helper thread.
///
/// `@unchecked Sendable` is safe here: `Connection` is used by one thread at a time, and
/// `CursorPrefetcher.forEach` keeps the creating thread off the connection until the helper
/// thread has signalled `finished`, after its last use of it.
private final class ConnectionHandoff: @unchecked Sendable {
    let connection: Connection
    init(_ connection: Connection) { self.connection = connection }
}
