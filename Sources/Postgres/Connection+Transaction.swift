import Foundation

/// Transactions: commit when the body returns, roll back when it throws.
extension Connection {
    /// How strongly a transaction is isolated from concurrent ones.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` inside BEGIN … COMMIT; any error thrown rolls the transaction back and is rethrown.
    ///
    /// `settings` are server settings for this transaction only (`SET LOCAL`), sent with the BEGIN
    /// in the same round trip; names are the programmer's constants, values are quoted.
    @discardableResult
    public func transaction<Result>(
        isolation: IsolationLevel = .readCommitted,
        settings: KeyValuePairs<String, String> = [:],
        _ body: (Connection) throws -> Result
    ) throws -> Result {
        guard !inTransaction else {
            throw PostgresError(kind: .misuse, summary: "transaction() called inside a transaction")
        }
        let begin = try Self.beginStatements(isolation: isolation, settings: settings).map(\.sql).joined(separator: "; ")
        try executeScript(unsafeSQL: begin)
        let result: Result
        do {
            result = try body(self)
        } catch {
            rollBackAfterFailure()
            throw error
        }
        try executeScript(unsafeSQL: "COMMIT")
        return result
    }

    /// Rolls back the transaction a failure left open, for code that opens its own (in a
    /// `pipeline`, say). A broken connection has already ended it on the server.
    public func rollBackAfterFailure() {
        if inTransaction, isConnected { try? executeScript(unsafeSQL: "ROLLBACK") }
    }

    /// The statements that open a transaction: BEGIN, then a `SET LOCAL` for each setting. For
    /// `transaction`, and for callers that send them in a `pipeline` with their first statement.
    public static func beginStatements(
        isolation: IsolationLevel = .readCommitted, settings: KeyValuePairs<String, String> = [:]
    ) throws -> [Query] {
        var statements = [Query(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)")]
        for (name, value) in settings {
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) else {
                throw PostgresError(kind: .misuse, summary: "transaction setting name \(name) is not a setting name")
            }
            statements.append(Query(unsafeSQL: "SET LOCAL \(name) = '\(value.replacingOccurrences(of: "'", with: "''"))'"))
        }
        return statements
    }
}
