import Postgres
import TestSupport
import Testing

/// `Connection+Pipeline`: several statements in one round trip, with the usual failure rules.
@Suite struct PipelineTests {
    private func count(_ db: Connection) throws -> Int {
        try db.query("SELECT count(*)::int AS n FROM t").first?.decode("n", as: Int.self) ?? -1
    }

    @Test func runsStatementsInOrderAndReturnsEachOnesRows() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE t (n int)")
            let results = try db.pipeline([
                "BEGIN", "INSERT INTO t VALUES (\(1)), (\(2))", "SELECT sum(n)::int AS total FROM t", "COMMIT",
            ])
            #expect(results.count == 4)
            #expect(results[1].affectedRows == 2)
            #expect(try results[2].first?.decode("total", as: Int.self) == 3)
            #expect(!db.inTransaction)
            #expect(try count(db) == 2)
            // The same statements again, now prepared, and plain queries after a pipeline.
            _ = try db.pipeline(["BEGIN", "INSERT INTO t VALUES (\(1)), (\(2))", "COMMIT"])
            #expect(try count(db) == 4)
        }
    }

    @Test func aFailureSkipsTheRestAndLeavesTheTransactionFailed() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE t (n int CHECK (n > 0))")
            let error = try #require(throws: PostgresError.self) {
                try db.pipeline(["BEGIN", "INSERT INTO t VALUES (\(1))", "INSERT INTO t VALUES (\(-1))", "INSERT INTO t VALUES (\(2))", "COMMIT"])
            }
            #expect(error.sqlState == .checkViolation)
            #expect(db.inTransaction)  // the COMMIT never ran
            try db.executeScript(unsafeSQL: "ROLLBACK")
            #expect(try count(db) == 0)
        }
    }

    @Test func withoutBeginTheStatementsAreOneImplicitTransaction() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE t (n int CHECK (n > 0))")
            #expect(throws: PostgresError.self) {
                try db.pipeline(["INSERT INTO t VALUES (\(1))", "INSERT INTO t VALUES (\(-1))"])
            }
            #expect(!db.inTransaction)
            #expect(try count(db) == 0)
        }
    }

    @Test func aLostConnectionFailsOnceThenReconnects() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let admin = try Connection(url: url)
            _ = try db.pipeline(["SELECT \(1) AS one"])
            try admin.execute("SELECT pg_terminate_backend(\(db.backendPID))")
            let error = try #require(throws: PostgresError.self) { try db.pipeline(["SELECT \(1) AS one", "SELECT 2 AS two"]) }
            #expect(error.kind == .connectionLost)
            #expect(try db.pipeline(["SELECT \(1) AS one", "SELECT 2 AS two"])[1].first?.decode("two", as: Int.self) == 2)
        }
    }

    /// With its statements already prepared, the pipeline reads the server's own farewell (SQLSTATE
    /// 57P01, admin shutdown) as a result: that too is a lost connection, not a statement's error.
    @Test func aTerminatedSessionWithPreparedStatementsIsALostConnection() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let admin = try Connection(url: url)
            let queries: [Query] = ["SELECT \(1) AS one", "SELECT \(2) AS two"]
            _ = try db.pipeline(queries)
            try admin.execute("SELECT pg_terminate_backend(\(db.backendPID))")
            let error = try #require(throws: PostgresError.self) { try db.pipeline(queries) }
            #expect(error.kind == .connectionLost)
            #expect(try db.pipeline(queries)[1].first?.decode("two", as: Int.self) == 2)
        }
    }
}
