import Postgres
import TestSupport
import Testing

/// `Connection+Prepared`: statements are prepared on their first run and reused after.
@Suite struct PreparedStatementTests {
    /// The statements the server holds for `db`'s session.
    private func prepared(_ db: Connection) throws -> [String] {
        try db.query("SELECT statement FROM pg_prepared_statements ORDER BY prepare_time, name")
            .map { try $0.decode("statement", as: String.self) }
    }

    @Test func aStatementIsPreparedOnceAndReused() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            for value in 1...3 {
                #expect(try db.query("SELECT \(value) + 1 AS n").first?.decode("n", as: Int.self) == value + 1)
            }
            let statements = try prepared(db).filter { $0.contains("+ 1 AS n") }
            #expect(statements == ["SELECT $1 + 1 AS n"])
        }
    }

    @Test func theSameTextWithOtherParameterTypesIsAnotherStatement() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            #expect(try db.query("SELECT \(41)::text AS v").first?.decode("v", as: String.self) == "41")
            #expect(try db.query("SELECT \("forty-one")::text AS v").first?.decode("v", as: String.self) == "forty-one")
            #expect(try prepared(db).filter { $0.contains("::text AS v") }.count == 2)
        }
    }

    @Test func aStatementThatFailsToPrepareThrowsAndIsNotKept() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            for _ in 1...2 {
                let error = try #require(throws: PostgresError.self) { try db.query("SELECT FROM nowhere_at_all WHERE \(1) = 1") }
                #expect(error.sqlState == SQLState("42P01"))
            }
            try db.execute("CREATE TABLE nowhere_at_all (id int)")
            #expect(try db.query("SELECT count(*) AS n FROM nowhere_at_all WHERE \(1) = 1").first?.decode("n", as: Int.self) == 0)
        }
    }

    @Test func preparedStatementsSurviveARolledBackTransaction() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            struct Abort: Error {}
            _ = try? db.transaction { tx in
                try tx.query("SELECT \(7) AS n")
                throw Abort()
            }
            #expect(try db.query("SELECT \(8) AS n").first?.decode("n", as: Int.self) == 8)
        }
    }

    @Test func aReconnectPreparesAgain() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let admin = try Connection(url: url)
            try db.execute("SELECT \(1) AS one")
            try admin.execute("SELECT pg_terminate_backend(\(db.backendPID))")
            _ = try? db.execute("SELECT \(1) AS one")  // fails once: the connection was lost
            #expect(try db.query("SELECT \(1) AS one").first?.decode("one", as: Int.self) == 1)
            #expect(try prepared(db).contains("SELECT $1 AS one"))
        }
    }

    @Test func statementsTheServerForgotArePreparedAgain() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            #expect(try db.query("SELECT \(1) AS n").first?.decode("n", as: Int.self) == 1)
            try db.executeScript(unsafeSQL: "DEALLOCATE ALL")
            // Outside a transaction the statement is prepared again and run.
            #expect(try db.query("SELECT \(2) AS n").first?.decode("n", as: Int.self) == 2)
            try db.executeScript(unsafeSQL: "DEALLOCATE ALL")
            // Inside one the transaction is already aborted: it fails, and the next one prepares afresh.
            let error = try #require(throws: PostgresError.self) {
                try db.transaction { tx in try tx.query("SELECT \(3) AS n") }
            }
            #expect(error.sqlState == .invalidStatementName)
            #expect(error.description.contains("prepared statement missing"))
            #expect(try db.transaction { tx in try tx.query("SELECT \(4) AS n").first?.decode("n", as: Int.self) } == 4)
        }
    }

    @Test func aStatementWhoseColumnsChangedIsPreparedAgain() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE t (id int)")
            try db.execute("INSERT INTO t VALUES (1)")
            #expect(try db.query("SELECT * FROM t WHERE id = \(1)").columns == ["id"])
            try db.execute("ALTER TABLE t ADD COLUMN note text")
            #expect(try db.query("SELECT * FROM t WHERE id = \(1)").columns == ["id", "note"])
        }
    }

    @Test func statementsPastTheBoundRunUnprepared() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let bound = Connection.maxPreparedStatements
            for n in 0..<(bound + 5) {
                #expect(try db.query(Query(unsafeSQL: "SELECT \(n) AS n")).first?.decode("n", as: Int.self) == n)
            }
            // The last query itself was past the bound, so the count includes none of the extra ones.
            #expect(try db.query("SELECT count(*) AS n FROM pg_prepared_statements").first?.decode("n", as: Int.self) == bound)
        }
    }
}
