/// Transactions: commit when the body returns, roll back when it throws.
extension Connection {
    /// How strongly a transaction is isolated from concurrent ones.
    public enum IsolationLevel: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` inside BEGIN … COMMIT; any error thrown rolls the transaction back and is rethrown.
    @discardableResult
    public func transaction<Result>(
        isolation: IsolationLevel = .readCommitted,
        _ body: (Connection) throws -> Result
    ) throws -> Result {
        guard !inTransaction else {
            throw PostgresError(kind: .misuse, summary: "transaction() called inside a transaction")
        }
        try executeScript(unsafeSQL: "BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        let result: Result
        do {
            result = try body(self)
        } catch {
            // A broken connection has already ended the transaction on the server.
            if isConnected { try? executeScript(unsafeSQL: "ROLLBACK") }
            throw error
        }
        try executeScript(unsafeSQL: "COMMIT")
        return result
    }
}
