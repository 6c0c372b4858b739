import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct CopyTests {
    /// Values that exercise every escape of COPY's text format, plus multi-byte UTF-8.
    static func value(_ n: Int) -> String? {
        switch n % 7 {
        case 0: return "plain \(n)"
        case 1: return "tab\there \(n)"
        case 2: return "new\nline\r\n\(n)"
        case 3: return #"back\slash\N \#(n)"#
        case 4: return "Zoë 日本 🦷 \(n)"
        case 5: return nil
        default: return "\\.\n\\."  // COPY's end-of-data marker, as data
        }
    }

    @Test func copiesOneHundredThousandAwkwardRowsExactly() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE staged (n int NOT NULL, v text)")
            let count = 100_000
            let loaded = try db.copyIn("COPY staged (n, v) FROM STDIN") { writer in
                for n in 0..<count { try writer.append([String(n), Self.value(n)]) }
            }
            #expect(loaded == count)
            let expectedBytes = (0..<count).reduce(0) { $0 + (Self.value($1)?.utf8.count ?? 0) }
            let totals = try #require(try db.query("""
                SELECT count(*) AS rows, count(v) AS nonnull, sum(octet_length(v)) AS bytes FROM staged
                """).first)
            #expect(try totals.decode("rows", as: Int.self) == count)
            #expect(try totals.decode("nonnull", as: Int.self) == count - count / 7 - (count % 7 > 5 ? 1 : 0))
            #expect(try totals.decode("bytes", as: Int.self) == expectedBytes)
            for n in [0, 1, 2, 3, 4, 5, 6, 99_999] {
                let row = try #require(try db.query("SELECT v FROM staged WHERE n = \(n)").first)
                #expect(try row.decode("v", as: String?.self) == Self.value(n))
            }
        }
    }

    @Test func serverRejectingARowMidwayLoadsNothing() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE staged (n int NOT NULL)")
            let error = try #require(throws: PostgresError.self) {
                try db.copyIn("COPY staged (n) FROM STDIN") { writer in
                    for n in 0..<50_000 { try writer.append([n == 40_000 ? "not a number" : String(n)]) }
                }
            }
            #expect(error.sqlState.map { SQLState.dataException ~= $0 } == true)
            #expect(try db.query("SELECT count(*) AS n FROM staged").first?.decode("n", as: Int.self) == 0)
        }
    }

    @Test func clientErrorMidwayAbortsAndLeavesTheConnectionUsable() throws {
        struct StopFeeding: Error {}
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE staged (n int NOT NULL)")
            #expect(throws: StopFeeding.self) {
                try db.copyIn("COPY staged (n) FROM STDIN") { writer in
                    for n in 0..<30_000 { try writer.append([String(n)]) }
                    throw StopFeeding()
                }
            }
            #expect(try db.query("SELECT count(*) AS n FROM staged").first?.decode("n", as: Int.self) == 0)
        }
    }

    @Test func copyInsideATransactionRollsBackWithIt() throws {
        struct Boom: Error {}
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE staged (n int NOT NULL)")
            #expect(throws: Boom.self) {
                try db.transaction { tx in
                    try tx.copyIn("COPY staged (n) FROM STDIN") { writer in try writer.append(["1"]) }
                    throw Boom()
                }
            }
            #expect(try db.query("SELECT count(*) AS n FROM staged").first?.decode("n", as: Int.self) == 0)
        }
    }

    @Test func refusesAStatementThatIsNotCopyFromStdin() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let error = try #require(throws: PostgresError.self) {
                try db.copyIn("SELECT 1") { _ in }
            }
            #expect(error.kind == .misuse)
        }
    }
}
