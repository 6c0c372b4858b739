import CLibPQ

/// `COPY … FROM STDIN` in text format: the fastest way to load many rows.
extension Connection {
    /// Runs a `COPY table (columns) FROM STDIN` statement, feeding it the rows `body` writes.
    ///
    /// The COPY is atomic: if `body` throws, or the server rejects a row, nothing is loaded and the
    /// error is rethrown. Returns the number of rows the server loaded.
    @discardableResult
    public func copyIn(_ statement: Query, _ body: (CopyWriter) throws -> Void) throws -> Int {
        try reconnectIfNeeded()
        let start = try query(statement)
        guard PQresultStatus(start.resultHandle) == PGRES_COPY_IN else {
            throw PostgresError(kind: .misuse, summary: "copyIn needs a COPY … FROM STDIN statement")
        }
        let writer = CopyWriter(connection: self)
        do {
            try body(writer)
            try writer.flush()
        } catch {
            // Tell the server to abandon the COPY; its error result is expected and dropped.
            if PQputCopyEnd(handle, "aborted by the client") == 1 { drainResults() }
            throw error
        }
        guard PQputCopyEnd(handle, nil) == 1 else { throw connectionError(kind: .server) }
        var loaded = 0
        var firstError: (any Error)?
        while let result = PQgetResult(handle) {
            do {
                loaded = try Rows(checking: result, of: self).affectedRows
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
        return loaded
    }

    /// Reads and frees results until libpq has none left, so the connection is ready again.
    func drainResults() {
        while let result = PQgetResult(handle) { PQclear(result) }
    }

    func putCopyData(_ bytes: [UInt8]) throws {
        let status = bytes.withUnsafeBytes { raw in
            PQputCopyData(handle, raw.bindMemory(to: CChar.self).baseAddress, Int32(raw.count))
        }
        // Blocking mode: 1 is success, -1 an error; 0 (would block) only happens in nonblocking mode.
        guard status == 1 else { throw connectionError(kind: .server) }
    }
}

/// Encodes rows into COPY's text format and sends them in chunks.
public final class CopyWriter {
    /// Bytes buffered before a `PQputCopyData` call: large enough to amortize the call, small
    /// enough that memory stays flat however many rows go through.
    static let chunkSize = 256 * 1024

    private let connection: Connection
    private var buffer: [UInt8] = []
    /// Rows written so far.
    public private(set) var rowCount = 0

    init(connection: Connection) {
        self.connection = connection
        buffer.reserveCapacity(Self.chunkSize + 4096)
    }

    /// Appends one row; `nil` is SQL NULL. Tabs, newlines and backslashes in values are escaped.
    public func append(_ row: [String?]) throws {
        for (position, value) in row.enumerated() {
            if position > 0 { buffer.append(UInt8(ascii: "\t")) }
            guard let value else {
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(UInt8(ascii: "N"))
                continue
            }
            Self.appendEscaped(value, to: &buffer)
        }
        buffer.append(UInt8(ascii: "\n"))
        rowCount += 1
        if buffer.count >= Self.chunkSize { try flush() }
    }

    /// Sends what is buffered.
    func flush() throws {
        guard !buffer.isEmpty else { return }
        try connection.putCopyData(buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// COPY text format: backslash, tab, newline and carriage return are backslash-escaped; every
    /// other byte (UTF-8 included) goes through unchanged.
    static func appendEscaped(_ value: String, to buffer: inout [UInt8]) {
        var value = value
        value.withUTF8 { bytes in
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "\\"))
                case UInt8(ascii: "\t"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "t"))
                case UInt8(ascii: "\n"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "n"))
                case UInt8(ascii: "\r"): buffer.append(UInt8(ascii: "\\")); buffer.append(UInt8(ascii: "r"))
                default: buffer.append(byte)
                }
            }
        }
    }
}
