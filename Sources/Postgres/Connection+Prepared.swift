import CLibPQ

/// Prepared statements: the first run of a statement on a connection prepares it under a name,
/// later runs send only that name and the binds, so the server skips parsing and planning.
///
/// Statements are keyed by their text and their parameter types (the same text with other types
/// is another statement). A reconnect forgets them all, as the server has.
extension Connection {
    /// Statements one connection keeps prepared. This program runs fewer than a hundred distinct
    /// statements; the bound keeps a caller that builds SQL from changing text (`unsafeSQL`) from
    /// growing the server's memory without end. Statements past it run unprepared.
    public static let maxPreparedStatements = 256

    /// The key of a statement in `preparedStatements`.
    struct StatementKey: Hashable {
        let sql: String
        let types: [UInt32]
    }

    /// Prepares `query`'s statement now (if this connection has not yet), so that a statement the
    /// server cannot parse or plan fails here rather than at its first run.
    public func prepare(_ query: Query) throws {
        _ = try preparedName(for: query)
    }

    /// The server-side name of `query`'s statement, preparing it first if this connection has not;
    /// nil once the connection holds `maxPreparedStatements` and this one is new.
    func preparedName(for query: Query) throws -> String? {
        let key = StatementKey(sql: query.sql, types: query.binds.map(\.type.oid))
        if let name = preparedStatements[key] { return name }
        guard preparedStatements.count < Self.maxPreparedStatements else { return nil }
        preparedCount += 1
        let name = "reminders_\(preparedCount)"
        let types: [Oid] = key.types.map { Oid($0) }
        let result = types.withUnsafeBufferPointer { buffer in
            PQprepare(handle, name, query.sql, Int32(buffer.count), buffer.baseAddress)
        }
        _ = try Rows(checking: result, of: self)
        preparedStatements[key] = name
        return name
    }

    /// Forgets `query`'s prepared statement, or every one (`all`), so the next run prepares afresh.
    func forgetPreparedStatements(all: Bool, _ query: Query) {
        if all {
            preparedStatements = [:]
        } else {
            preparedStatements[StatementKey(sql: query.sql, types: query.binds.map(\.type.oid))] = nil
        }
    }
}
