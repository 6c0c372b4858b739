import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct ConnectionTests {
    @Test(arguments: [
        "plain", "", "O'Brien", "quote \" inside", #"back\slash \\ twice"#, "tab\tnew\nline\r",
        "Zoë Ångström", "日本語のテキスト", "emoji 🦷🪥", "nul-free but $1 looks like a bind",
    ])
    func textBindsRoundTrip(value: String) throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let row = try #require(try db.query("SELECT \(value)::text AS v, length(\(value)::text) AS n").first)
            #expect(try row.decode("v", as: String.self) == value)
            #expect(try row.decode("n", as: Int.self) == value.count)
        }
    }

    @Test func textArraysRoundTripThroughTheServer() throws {
        let values = ["", "a,b", "{braces}", "quote \" and back\\slash", "Zoë Ångström", "日本語", "🦷", "NULL", " spaced "]
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let rows = try db.query("SELECT v, ord FROM unnest(\(values)) WITH ORDINALITY AS u(v, ord) ORDER BY ord")
            #expect(try rows.map { try $0.decode("v", as: String.self) } == values)
        }
    }

    @Test func nullsBindAndDecodeAsOptionals() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let nothing: String? = nil
            let row = try #require(try db.query("SELECT \(nothing)::text AS s, \(nil as Int?) AS i, \(nothing)::text IS NULL AS isnull").first)
            #expect(try row.decode("s", as: String?.self) == nil)
            #expect(try row.decode("i", as: Int?.self) == nil)
            #expect(try row.decode("isnull", as: Bool.self))
        }
    }

    @Test func everyDecoderReadsItsType() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let uuid = UUID()
            let instant = Date(timeIntervalSince1970: 1_795_000_000.123456)
            let bytes = Data([0, 1, 0xfe, 0xff, 0x5c])
            let json = PostgresJSON(["phone": "+15550100", "note": "tab\there"])
            let row = try #require(try db.query("""
                SELECT \(Int.max) AS big, \(Int32(-7)) AS small, 42::int2 AS tiny, \(2.5) AS dbl, 1.25::numeric AS num,
                       \(true) AS yes, false AS no, \(instant) AS at, \(uuid) AS id, \(bytes) AS raw,
                       \(json) AS doc, '2026-03-08 02:30:00'::timestamp AS naive, 'infinity'::timestamptz AS forever,
                       '2026-11-25 09:30:00+05:30'::timestamptz AS offset_at
                """).first)
            #expect(try row.decode("big", as: Int.self) == Int.max)
            #expect(try row.decode("small", as: Int32.self) == -7)
            #expect(try row.decode("tiny", as: Int64.self) == 42)
            #expect(try row.decode("dbl", as: Double.self) == 2.5)
            #expect(try row.decode("num", as: Double.self) == 1.25)
            #expect(try row.decode("yes", as: Bool.self) == true)
            #expect(try row.decode("no", as: Bool.self) == false)
            let at = try row.decode("at", as: Date.self)
            #expect(abs(at.timeIntervalSince(instant)) < 0.000_001)
            #expect(try row.decode("id", as: UUID.self) == uuid)
            #expect(try row.decode("raw", as: Data.self) == bytes)
            #expect(try row.decode("doc", as: PostgresJSON<[String: String]>.self).value == json.value)
            #expect(try row.decode("naive", as: Date.self) == Date(timeIntervalSince1970: 1_772_937_000))
            #expect(try row.decode("forever", as: Date.self) == .distantFuture)
            #expect(try row.decode("offset_at", as: Date.self) == Date(timeIntervalSince1970: 1_795_579_200))
            #expect(try row.decode(0, as: Int.self) == Int.max)
        }
    }

    @Test func decodingErrorsNameTheColumnNotTheValue() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let row = try #require(try db.query("SELECT NULL::int AS missing, 'secret-value' AS word, 99999999999 AS huge").first)
            let null = try #require(throws: PostgresError.self) { try row.decode("missing", as: Int.self) }
            #expect(null.kind == .decoding)
            #expect(null.description.contains("\"missing\""))
            let wrong = try #require(throws: PostgresError.self) { try row.decode("word", as: Int.self) }
            #expect(wrong.description.contains("\"word\""))
            #expect(!wrong.description.contains("secret-value"))
            let overflow = try #require(throws: PostgresError.self) { try row.decode("huge", as: Int32.self) }
            #expect(overflow.description.contains("\"huge\""))
            let absent = try #require(throws: PostgresError.self) { try row.decode("nope", as: Int.self) }
            #expect(absent.kind == .misuse)
        }
    }

    @Test func transactionSettingsHoldForThatTransactionOnly() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            func setting() throws -> String? { try db.query("SELECT current_setting('application_name') AS v").first?.decode("v") }
            let before = try setting()
            let inside = try db.transaction(settings: ["application_name": "it's local"]) { _ in try setting() }
            #expect(inside == "it's local")
            #expect(try setting() == before)
            let refused = try #require(throws: PostgresError.self) {
                try db.transaction(settings: ["application_name = 'x'; DROP TABLE t; --": "y"]) { _ in }
            }
            #expect(refused.kind == .misuse)
            #expect(!db.inTransaction)
        }
    }

    @Test func transactionCommitsOnReturnAndRollsBackOnThrow() throws {
        struct Boom: Error {}
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE t (n int)")
            try db.transaction { tx in try tx.execute("INSERT INTO t VALUES (\(1))") }
            #expect(throws: Boom.self) {
                try db.transaction { tx in
                    try tx.execute("INSERT INTO t VALUES (\(2))")
                    throw Boom()
                }
            }
            #expect(!db.inTransaction)
            let rows = try db.query("SELECT n FROM t ORDER BY n")
            #expect(try rows.map { try $0.decode("n", as: Int.self) } == [1])
            #expect(throws: PostgresError.self) {
                try db.transaction { tx in try tx.transaction { _ in } }
            }
        }
    }

    @Test func uniqueViolationCarriesSQLStateAndKeepsDataOutOfDescription() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            try db.execute("CREATE TABLE phones (number text PRIMARY KEY)")
            try db.execute("INSERT INTO phones VALUES (\("+15551230134"))")
            let error = try #require(throws: PostgresError.self) {
                try db.execute("INSERT INTO phones VALUES (\("+15551230134"))")
            }
            #expect(error.kind == .server)
            let state = try #require(error.sqlState)
            #expect(state == .uniqueViolation)
            #expect(SQLState.integrityConstraintViolation ~= state)
            #expect(!error.description.contains("5551230134"))
            #expect(error.debugDescription.contains("5551230134"))
            // The connection is usable after a failed statement.
            #expect(try db.query("SELECT count(*) AS n FROM phones").first?.decode("n", as: Int.self) == 1)
        }
    }

    @Test func wrongURLGivesOneClearLineWithoutThePassword() throws {
        let error = try #require(throws: PostgresError.self) {
            try Connection(url: "postgresql://user:hunter2secret@127.0.0.1:1/db?connect_timeout=2")
        }
        #expect(error.kind == .connectionFailed)
        #expect(error.description.hasPrefix("cannot connect to the database"))
        #expect(!error.description.contains("hunter2secret"))
        #expect(!error.description.contains("\n"))
        let malformed = try #require(throws: PostgresError.self) {
            try Connection(url: "postgresq://user:hunter2secret@host/db")
        }
        #expect(!malformed.description.contains("hunter2secret"))
    }

    @Test func terminatedBackendFailsOnceThenReconnects() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let admin = try Connection(url: url)
            try db.execute("SELECT 1")
            try admin.execute("SELECT pg_terminate_backend(\(db.backendPID))")
            let error = try #require(throws: PostgresError.self) { try db.execute("SELECT 1") }
            #expect(error.kind == .connectionLost)
            #expect(try db.query("SELECT 2 AS two").first?.decode("two", as: Int.self) == 2)
        }
    }
}
