import CLibPQ
import Foundation

/// The result of a statement: its rows, decoded lazily from libpq's buffer.
public final class Rows: Sequence {
    private let result: OpaquePointer?
    /// Number of rows returned.
    public let count: Int
    /// Column names in result order.
    public let columns: [String]
    private let columnIndex: [String: Int]
    /// Rows inserted, updated or deleted by the statement (0 for others).
    public let affectedRows: Int

    /// Takes ownership of `result`, throwing the server's error if the statement failed.
    init(checking result: OpaquePointer?, of connection: Connection) throws {
        guard let result else { throw connection.connectionError(kind: .server) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_SINGLE_TUPLE, PGRES_COPY_IN:
            break
        default:
            let error = Self.serverError(from: result, connection: connection)
            PQclear(result)
            throw error
        }
        self.result = result
        count = Int(PQntuples(result))
        // A COPY result has fields but no names.
        let names = (0..<PQnfields(result)).map { (position: Int32) -> String in
            guard let name = PQfname(result, position) else { return "" }
            return String(cString: name)
        }
        columns = names
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() where index[name] == nil { index[name] = position }
        columnIndex = index
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }

    deinit {
        PQclear(result)
    }

    /// The libpq result, for this module's own status checks.
    var resultHandle: OpaquePointer? { result }

    /// The row at `index`.
    public subscript(index: Int) -> Row { Row(rows: self, index: Int32(index)) }

    /// The first row, if any.
    public var first: Row? { count > 0 ? self[0] : nil }

    public func makeIterator() -> AnyIterator<Row> {
        var next = 0
        return AnyIterator {
            guard next < self.count else { return nil }
            defer { next += 1 }
            return self[next]
        }
    }

    func column(named name: String) throws -> Int32 {
        guard let position = columnIndex[name] else {
            throw PostgresError(kind: .misuse, summary: "result has no column \"\(name)\"")
        }
        return Int32(position)
    }

    func decode<Value: PostgresDecodable>(_ type: Value.Type, row: Int32, column: Int32) throws -> Value {
        let name = columns.indices.contains(Int(column)) ? columns[Int(column)] : "#\(column)"
        guard column >= 0, Int(column) < columns.count else {
            throw PostgresError(kind: .misuse, summary: "result has no column \(name)")
        }
        if PQgetisnull(result, row, column) == 1 {
            guard let null = Value.postgresNull else {
                throw PostgresError(kind: .decoding, summary: "column \"\(name)\" is NULL, expected \(Value.self)")
            }
            return null
        }
        let length = Int(PQgetlength(result, row, column))
        let value = PQgetvalue(result, row, column).withMemoryRebound(to: UInt8.self, capacity: length) { pointer in
            Value.decode(postgresText: UnsafeBufferPointer(start: pointer, count: length))
        }
        guard let value else {
            throw PostgresError(kind: .decoding, summary: "column \"\(name)\" is not a valid \(Value.self)")
        }
        return value
    }

    /// The error a failed result carries: SQLSTATE for matching, details kept out of `description`.
    static func serverError(from result: OpaquePointer, connection: Connection) -> PostgresError {
        func field(_ code: Character) -> String? {
            guard let value = PQresultErrorField(result, Int32(code.asciiValue ?? 0)) else { return nil }
            return String(cString: value)
        }
        guard let code = field("C") else {
            // No SQLSTATE: the failure was on our side of the wire (the connection broke).
            return connection.connectionError(kind: .server)
        }
        let state = SQLState(code)
        let details = [
            field("M"),
            field("D").map { "DETAIL: \($0)" },
            field("H").map { "HINT: \($0)" },
            field("n").map { "constraint: \($0)" },
        ].compactMap { $0 }.joined(separator: "; ")
        // 08: connection exception; 57P01–57P04: the server is ending this session (admin or crash
        // shutdown, starting up, database dropped). `~=` matches two-character classes or whole codes.
        if state ~= .connectionException || state.code.hasPrefix("57P0") {
            return PostgresError(kind: .connectionLost, sqlState: state,
                                 summary: "lost the connection to the database (SQLSTATE \(state))", details: details)
        }
        return PostgresError(kind: .server, sqlState: state, summary: PostgresError.summary(for: state),
                             details: details, serverMessage: field("M") ?? "")
    }
}

/// One row of a result; decode its columns by name or position.
public struct Row {
    let rows: Rows
    let index: Int32

    /// The value of the named column as `Value` (use an Optional type for nullable columns).
    public func decode<Value: PostgresDecodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        try rows.decode(type, row: index, column: rows.column(named: column))
    }

    /// The value of the column at `position` (0-based) as `Value`.
    public func decode<Value: PostgresDecodable>(_ position: Int, as type: Value.Type = Value.self) throws -> Value {
        try rows.decode(type, row: index, column: Int32(position))
    }
}
