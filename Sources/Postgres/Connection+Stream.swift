import CLibPQ

/// Streaming a large result through a server-side cursor, a batch at a time.
extension Connection {
    /// Opens a cursor over `query`, whose rows are then read with `Cursor.next()`.
    ///
    /// Memory stays at one batch whatever the result's size. Outside a transaction the cursor
    /// runs in its own READ ONLY one, committed by `close()`; inside one it lives in the caller's.
    public func cursor(_ query: Query, batchSize: Int = Cursor.defaultBatchSize) throws -> Cursor {
        try Cursor(connection: self, query: query, batchSize: max(1, batchSize))
    }
}

/// A server-side cursor's rows, read forward in batches (`FETCH FORWARD n`).
public final class Cursor {
    /// Rows per FETCH: big enough that round trips are a small share of the time, small enough
    /// that a batch of wide rows stays a few megabytes.
    public static let defaultBatchSize = 2_000

    /// Column names of the result, in order.
    public let columns: [String]
    /// Postgres type OIDs of the columns (`Cursor.OID`), so text values can be read by type.
    public let columnTypes: [UInt32]

    private let connection: Connection
    private let name: String
    private let batchSize: Int
    private let ownsTransaction: Bool
    private var batch: Rows
    private var position = 0
    private var isClosed = false

    /// Well-known type OIDs a caller may want to treat specially.
    public enum OID {
        public static let date: UInt32 = 1082
        public static let timestamp: UInt32 = 1114
        public static let timestamptz: UInt32 = 1184
    }

    fileprivate init(connection: Connection, query: Query, batchSize: Int) throws {
        self.connection = connection
        self.batchSize = batchSize
        self.name = "reminders_cursor_\(UInt32.random(in: 0 ... .max))"
        ownsTransaction = !connection.inTransaction
        if ownsTransaction { try connection.executeScript(unsafeSQL: "BEGIN READ ONLY") }
        do {
            try connection.execute(Query(unsafeSQL: "DECLARE \(name) NO SCROLL CURSOR FOR \(query.sql)", binds: query.binds))
            batch = try connection.query(Query(unsafeSQL: "FETCH FORWARD \(batchSize) FROM \(name)"))
        } catch {
            if ownsTransaction { connection.rollBackAfterFailure() }
            throw error
        }
        columns = batch.columns
        let result = batch.resultHandle
        columnTypes = (0..<Int32(batch.columns.count)).map { UInt32(PQftype(result, $0)) }
    }

    deinit {
        // An abandoned cursor must not leave its transaction open on the connection.
        try? close()
    }

    /// The next row, or nil once the result is exhausted (the cursor is then closed).
    public func next() throws -> Row? {
        if isClosed { return nil }
        if position == batch.count {
            if batch.count < batchSize {
                try close()
                return nil
            }
            batch = try connection.query(Query(unsafeSQL: "FETCH FORWARD \(batchSize) FROM \(name)"))
            position = 0
            if batch.count == 0 {
                try close()
                return nil
            }
        }
        defer { position += 1 }
        return batch[position]
    }

    /// Closes the cursor (and commits its own transaction); calling it again does nothing.
    public func close() throws {
        guard !isClosed else { return }
        isClosed = true
        if ownsTransaction {
            try connection.executeScript(unsafeSQL: "COMMIT")
        } else {
            try connection.execute(Query(unsafeSQL: "CLOSE \(name)"))
        }
    }
}
