import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct StreamTests {
    @Test(arguments: [0, 1, 1_999, 2_000, 2_001, 10_000])
    func readsEveryRowInOrderAcrossBatches(count: Int) throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let cursor = try db.cursor("SELECT n, 'row ' || n AS label FROM generate_series(1, \(count)) AS n")
            #expect(cursor.columns == ["n", "label"])
            var seen = 0
            while let row = try cursor.next() {
                seen += 1
                #expect(try row.decode("n", as: Int.self) == seen)
            }
            #expect(seen == count)
            #expect(try cursor.next() == nil)
            #expect(!db.inTransaction)
        }
    }

    @Test func reportsColumnTypesAndBindsParameters() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let cursor = try db.cursor("""
                SELECT now() AS at, now()::timestamp AS local, current_date AS day, \(7)::int AS seven
                """, batchSize: 1)
            #expect(cursor.columnTypes == [Cursor.OID.timestamptz, Cursor.OID.timestamp, Cursor.OID.date, 23])
            let row = try #require(try cursor.next())
            #expect(try row.decode("seven", as: Int.self) == 7)
            #expect(try cursor.next() == nil)
        }
    }

    @Test func insideATransactionTheCursorLivesInIt() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.transaction { tx in
                let cursor = try tx.cursor("SELECT generate_series(1, 5) AS n", batchSize: 2)
                _ = try cursor.next()
                try cursor.close()
                #expect(tx.inTransaction)
            }
        }
    }

    @Test func aBadQueryThrowsAndLeavesNoTransactionOpen() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            #expect(throws: PostgresError.self) { _ = try db.cursor("SELECT * FROM no_such_table") }
            #expect(!db.inTransaction)
            #expect(try db.query("SELECT 1 AS one").count == 1)
        }
    }
}
