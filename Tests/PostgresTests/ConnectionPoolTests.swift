import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct ConnectionPoolTests {
    @Test func manyThreadsShareAFewConnections() throws {
        try TestDatabase.withFresh { url in
            let pool = ConnectionPool(url: url, maxConnections: 3)
            let threads = 12
            let perThread = 20
            let failures = Counter()
            DispatchQueue.concurrentPerform(iterations: threads) { index in
                for step in 0..<perThread {
                    do {
                        let value = try pool.withConnection { db in
                            try db.query("SELECT \(index * 1000 + step)::int AS v")[0].decode("v", as: Int.self)
                        }
                        if value != index * 1000 + step { failures.add() }
                    } catch {
                        failures.add()
                    }
                }
            }
            #expect(failures.value == 0)
            #expect(pool.openConnections <= 3)
            pool.closeIdle()
            #expect(pool.openConnections == 0)
        }
    }

    /// After a restart every pooled connection is dead; one caller finding out is enough.
    @Test func aLostConnectionClosesTheIdleOnesSoTheNextCallerConnectsAfresh() throws {
        try TestDatabase.withFresh { url in
            let pool = ConnectionPool(url: url, maxConnections: 3)
            try pool.withConnection { a in try pool.withConnection { b in try pool.withConnection { c in
                for db in [a, b, c] { try db.execute("SELECT 1") }
            } } }
            #expect(pool.openConnections == 3)
            let admin = try Connection(url: url)
            let others = "datname = current_database() AND pid <> pg_backend_pid()"
            let pids: [Int32] = try admin.query("SELECT pid FROM pg_stat_activity WHERE \(unsafeSQL: others)").map { try $0.decode("pid") }
            #expect(pids.count == 3)
            for pid in pids { try admin.execute("SELECT pg_terminate_backend(\(pid))") }
            #expect(eventually {
                (try? admin.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE \(unsafeSQL: others)")[0].decode("n", as: Int.self)) == 0
            })
            let error = try #require(throws: PostgresError.self) { try pool.withConnection { try $0.execute("SELECT 1") } }
            #expect(error.kind == .connectionLost)
            #expect(try pool.withConnection { try $0.query("SELECT 2 AS two")[0].decode("two", as: Int.self) } == 2)
        }
    }

    @Test func aConnectionLeftInATransactionIsNotReused() throws {
        try TestDatabase.withFresh { url in
            let pool = ConnectionPool(url: url, maxConnections: 1)
            let first = try pool.withConnection { db in
                try db.executeScript(unsafeSQL: "BEGIN")
                return db.backendPID
            }
            let second = try pool.withConnection { db in
                #expect(!db.inTransaction)
                return db.backendPID
            }
            #expect(first != second)
        }
    }

    @Test func waitingPastTheTimeoutThrows() throws {
        try TestDatabase.withFresh { url in
            let pool = ConnectionPool(url: url, maxConnections: 1)
            try pool.withConnection { _ in
                #expect(throws: PostgresError.self) {
                    try pool.withConnection(timeout: .milliseconds(50)) { _ in }
                }
            }
        }
    }

    @Test func anUnreachableServerThrowsAndFreesTheSlot() throws {
        let pool = ConnectionPool(url: "postgresql://postgres@127.0.0.1:1/none?connect_timeout=2", maxConnections: 1)
        for _ in 0..<2 {
            #expect(throws: PostgresError.self) { try pool.withConnection { _ in } }
        }
        #expect(pool.openConnections == 0)
    }
}

/// A thread-safe count of failures.
private final class Counter: Sendable {
    private let lock = NSLock()
    nonisolated(unsafe) private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
