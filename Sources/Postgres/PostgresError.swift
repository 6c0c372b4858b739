/// An error from the database: a connection problem, a server error with its SQLSTATE, or a
/// value that could not be decoded.
///
/// `description` is generic on purpose: server messages can quote the data a statement carried
/// (a phone number in a unique-violation detail, for example), so they live in `debugDescription`.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure this was.
    public enum Kind: Sendable, Equatable {
        /// Could not connect (bad URL, server down, authentication failed).
        case connectionFailed
        /// The connection broke while in use; the next call reconnects.
        case connectionLost
        /// The server refused a statement; see `sqlState`.
        case server
        /// A result value did not decode into the requested Swift type.
        case decoding
        /// The API was used in a way it does not support (nested transaction, wrong result shape).
        case misuse
    }

    public let kind: Kind
    /// The server's SQLSTATE for `.server` errors (and for connection errors the server reported).
    public let sqlState: SQLState?
    /// A message safe to show anyone: never quotes statement data.
    public let summary: String
    /// Server message, detail and hint: may quote data, so only for `debugDescription`.
    public let details: String
    /// The server's primary message alone (empty when the server sent none): may quote data too.
    public let serverMessage: String

    public init(kind: Kind, sqlState: SQLState? = nil, summary: String, details: String = "", serverMessage: String = "") {
        self.kind = kind
        self.sqlState = sqlState
        self.summary = summary
        self.details = details
        self.serverMessage = serverMessage
    }

    public var description: String { summary }

    public var debugDescription: String {
        details.isEmpty ? summary : "\(summary): \(details)"
    }
}

/// A five-character SQLSTATE code; a two-character pattern matches the whole class.
///
/// `case SQLState.integrityConstraintViolation:` matches `23505`, as `SQLState.uniqueViolation` does exactly.
public struct SQLState: Sendable, Hashable, CustomStringConvertible {
    public let code: String

    public init(_ code: String) { self.code = code }

    public var description: String { code }

    /// The two-character class, e.g. `23` for `23505`.
    public var codeClass: String { String(code.prefix(2)) }

    public static func ~= (pattern: SQLState, value: SQLState) -> Bool {
        pattern.code.count == 2 ? value.codeClass == pattern.code : value.code == pattern.code
    }

    public static let integrityConstraintViolation = SQLState("23")
    public static let uniqueViolation = SQLState("23505")
    public static let foreignKeyViolation = SQLState("23503")
    public static let checkViolation = SQLState("23514")
    public static let notNullViolation = SQLState("23502")
    public static let dataException = SQLState("22")
    public static let syntaxErrorOrAccessRuleViolation = SQLState("42")
    public static let undefinedTable = SQLState("42P01")
    public static let serializationFailure = SQLState("40001")
    public static let deadlockDetected = SQLState("40P01")
    public static let queryCanceled = SQLState("57014")
    public static let undefinedColumn = SQLState("42703")
    public static let insufficientPrivilege = SQLState("42501")
    /// RAISE EXCEPTION in a trigger or function.
    public static let raiseException = SQLState("P0001")
    public static let lockNotAvailable = SQLState("55P03")
    public static let adminShutdown = SQLState("57P01")
    public static let connectionException = SQLState("08")
    public static let invalidCatalogName = SQLState("3D000")
    public static let invalidPassword = SQLState("28P01")
    /// A named prepared statement that the session does not have.
    public static let invalidStatementName = SQLState("26000")
    /// Among others, a prepared statement whose result columns changed since it was prepared.
    public static let featureNotSupported = SQLState("0A000")
}

extension PostgresError {
    /// What a few well-known SQLSTATEs (or their classes) mean, for people reading a message;
    /// nil for the others, which show their code alone.
    public static func meaning(of state: SQLState) -> String? {
        switch state {
        case .uniqueViolation: return "unique constraint violated"
        case .foreignKeyViolation: return "foreign key violated"
        case .checkViolation: return "check constraint violated"
        case .notNullViolation: return "NULL where a value is required"
        case .serializationFailure: return "serialization conflict"
        case .deadlockDetected: return "deadlock"
        case .lockNotAvailable: return "row locked"
        case .queryCanceled: return "statement timed out"
        case .undefinedTable: return "table missing"
        case .undefinedColumn: return "column missing"
        case .insufficientPrivilege: return "permission denied"
        case .raiseException: return "raised by a trigger or function"
        case .dataException: return "invalid data"
        case .invalidStatementName: return "prepared statement missing"
        case .syntaxErrorOrAccessRuleViolation: return "invalid statement"
        default: return nil
        }
    }

    /// The summary of a server error on our own database: its meaning, with what to do where
    /// there is something, and its code.
    static func summary(for state: SQLState) -> String {
        switch state {
        case .serializationFailure, .deadlockDetected:
            return "database error: transaction conflict, retry (SQLSTATE \(state))"
        case .undefinedTable: return "database error: table missing; run `reminders migrate` (SQLSTATE \(state))"
        case .invalidStatementName:
            return "database error: prepared statement missing; a pooler in transaction mode? (SQLSTATE \(state))"
        case .syntaxErrorOrAccessRuleViolation: return "database error: invalid statement (SQLSTATE \(state))"
        case .uniqueViolation, .foreignKeyViolation, .checkViolation, .notNullViolation, .dataException:
            return "database error: \(meaning(of: state) ?? "") (SQLSTATE \(state))"
        default: return "database error (SQLSTATE \(state))"
        }
    }
}
