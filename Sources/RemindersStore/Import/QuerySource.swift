public import Postgres
public import Reminders

/// A campaign's Postgres source query as a `ContactSource`, streamed through a cursor.
///
/// The query's column names play the role of the CSV header. Values become text as Postgres
/// writes them, except timestamps, which become ISO 8601 (`2026-11-26T14:00:00+00:00`) so the
/// appointment parser reads them; NULL becomes an empty field. The record's `line` is the row
/// number (header = line 1, as in a CSV file).
public struct QuerySource: ContactSource {
    public let header: [String]
    private let cursor: Cursor
    private let types: [UInt32]
    private var line = 1

    /// Opens the query on `db` (a read-only transaction of its own).
    public init(query: String, db: Connection) throws {
        cursor = try db.cursor(Query(unsafeSQL: query))
        header = cursor.columns
        types = cursor.columnTypes
    }

    public mutating func next() throws -> CSVRecord? {
        guard let row = try cursor.next() else { return nil }
        line += 1
        var fields: [String] = []
        fields.reserveCapacity(types.count)
        for (position, type) in types.enumerated() {
            let text = try row.decode(position, as: String?.self) ?? ""
            fields.append(type == Cursor.OID.timestamptz || type == Cursor.OID.timestamp ? Self.iso8601(text) : text)
        }
        return CSVRecord(line: line, fields: fields)
    }

    /// `2026-11-26 14:00:00.5+00` → `2026-11-26T14:00:00.5+00:00`; `…14:00:00` → `…T14:00:00`.
    /// The connection's session is in UTC with ISO DateStyle, so this is the only shape to expect.
    static func iso8601(_ text: String) -> String {
        var bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[10] == UInt8(ascii: " ") else { return text }
        bytes[10] = UInt8(ascii: "T")
        // A bare `+HH` / `-HH` offset at the end gets its minutes.
        let n = bytes.count
        if n >= 22, bytes[n - 3] == UInt8(ascii: "+") || bytes[n - 3] == UInt8(ascii: "-") {
            bytes += Array(":00".utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
