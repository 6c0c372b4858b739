import CLibPQ
import Foundation

/// One connection to Postgres, used by one thread at a time.
///
/// Every statement is parameterized (`Query`); results come back in text format and decode through
/// `Row`. A connection that breaks throws `.connectionLost` once; the next call reconnects with the
/// same URL and session settings, so a long-running worker survives a database restart.
public final class Connection {
    /// The handle; only this module touches it.
    let handle: OpaquePointer
    /// The URL's password, to scrub from libpq messages (a malformed URL is echoed back whole).
    /// The password as the URL spells it, and decoded: never to appear in an error message.
    private let secrets: [String]
    /// Channels this connection LISTENs on, re-issued after a reconnect.
    var listeningChannels: Set<String> = []
    /// Statements prepared on this connection, and their names (`Connection+Prepared`).
    var preparedStatements: [StatementKey: String] = [:]
    /// Statements prepared so far: names are never reused, so a forgotten one cannot collide.
    var preparedCount = 0

    /// What runs after every connect: `sessionSetup` and this connection's own settings.
    private let setup: String
    /// Session settings every connection gets: decoding relies on ISO timestamps in UTC.
    private static let sessionSetup = "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; SET IntervalStyle TO 'postgres'"
    /// Seconds to wait for a server before giving up, unless the URL says otherwise.
    private static let defaultConnectTimeoutSeconds = "10"

    /// Connects to the database named by a `postgresql://` URL (TCP or `?host=/socket/dir`) or a
    /// `key=value` connection string, handed to libpq as it is.
    ///
    /// `settings` are session settings kept for the connection's life (after a reconnect too),
    /// such as the receiver's `lock_timeout` and `statement_timeout`.
    public init(url: String, applicationName: String = "reminders", settings: KeyValuePairs<String, String> = [:]) throws {
        secrets = Self.passwords(in: url)
        var setup = Self.sessionSetup
        for (name, value) in settings {
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }) else {
                throw PostgresError(kind: .misuse, summary: "session setting name \(name) is not a setting name")
            }
            setup += "; SET \(name) TO '\(value.replacingOccurrences(of: "'", with: "''"))'"
        }
        self.setup = setup
        // Later keywords override earlier ones, so the URL's own settings win over these defaults.
        let keywords = ["connect_timeout", "application_name", "client_encoding", "dbname"]
        let values = [Self.defaultConnectTimeoutSeconds, applicationName, "UTF8", url]
        handle = withCStringArray(keywords) { keywordPointers in
            withCStringArray(values) { valuePointers in
                PQconnectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        PQsetNoticeProcessor(handle, { _, _ in }, nil)  // server NOTICEs are not ours to print
        // Once every property is set, a throwing init still runs deinit, which frees the handle.
        guard PQstatus(handle) == CONNECTION_OK else { throw connectionError(kind: .connectionFailed) }
        try applySessionSetup()
    }

    deinit {
        PQfinish(handle)
    }

    /// The password in a connection URL or keyword string, found by hand so a malformed URL
    /// (an unescaped `@`, a broken IPv6 host), which libpq quotes back in its error, hides it too:
    /// the text between the scheme's `user:` and the last `@`, raw and percent-decoded, and any
    /// `password=` value.
    static func passwords(in url: String) -> [String] {
        var found: [String] = []
        if let scheme = url.range(of: "://") {
            let rest = url[scheme.upperBound...]
            if let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                let raw = String(rest[rest.index(after: colon)..<at])
                found.append(raw)
                if let decoded = raw.removingPercentEncoding, decoded != raw { found.append(decoded) }
            }
        }
        if let keyword = url.range(of: "password=") {
            let value = url[keyword.upperBound...].prefix { $0 != " " && $0 != "&" }
            found.append(String(value).trimmingCharacters(in: CharacterSet(charactersIn: "'")))
        }
        return found.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
    }

    /// Whether the connection is up (a broken one reconnects on the next call).
    public var isConnected: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Asks the server for the smallest answer: throws when it is not there (a health probe).
    public func ping() throws {
        _ = try query("SELECT 1")
    }

    /// Whether a transaction is open on this connection.
    public var inTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }

    /// The server's backend process id (what `pg_notify` reports as the sender).
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Runs a statement and returns its rows (prepared on its first run on this connection).
    @discardableResult
    public func query(_ query: Query) throws -> Rows {
        do {
            return try run(query)
        } catch let error as PostgresError where error.sqlState == .invalidStatementName || error.sqlState == .featureNotSupported {
            // 26000: the session lost its prepared statements (DISCARD ALL, a pooler that switched
            // server connections). 0A000: "cached plan must not change result type", a column
            // changed under the statement. Forget, and outside a transaction prepare afresh once.
            forgetPreparedStatements(all: error.sqlState == .invalidStatementName, query)
            guard !inTransaction else { throw error }
            return try run(query)
        }
    }

    private func run(_ query: Query) throws -> Rows {
        try reconnectIfNeeded()
        let name = try preparedName(for: query)
        let count = Int32(query.binds.count)
        let result = withBinds(query.binds) { types, values in
            if let name { PQexecPrepared(handle, name, count, values, nil, nil, 0) }
            else { PQexecParams(handle, query.sql, count, types, values, nil, nil, 0) }
        }
        return try Rows(checking: result, of: self)
    }

    /// Runs a statement and returns how many rows it inserted, updated or deleted.
    @discardableResult
    public func execute(_ query: Query) throws -> Int {
        try self.query(query).affectedRows
    }

    /// Runs a script of several statements with no parameters (migrations), as one simple-protocol call.
    public func executeScript(unsafeSQL script: String) throws {
        try reconnectIfNeeded()
        _ = try Rows(checking: PQexec(handle, script), of: self)
    }

    /// Reconnects now if the connection broke (the server restarted, a network fault).
    public func reconnectIfNeeded() throws {
        guard PQstatus(handle) != CONNECTION_OK else { return }
        try startNewSession()
    }

    /// Reconnects with the same URL, settings and LISTENs, whatever the old session's state.
    func startNewSession() throws {
        PQreset(handle)
        preparedStatements = [:]  // the new session has none
        guard PQstatus(handle) == CONNECTION_OK else { throw connectionError(kind: .connectionFailed) }
        try applySessionSetup()
        for channel in listeningChannels {
            try executeScript(unsafeSQL: "LISTEN \(try quoteIdentifier(channel))")
        }
    }

    private func applySessionSetup() throws {
        _ = try Rows(checking: PQexec(handle, setup), of: self)
    }

    /// Quotes an identifier (a channel or table name) with libpq's own escaping.
    public func quoteIdentifier(_ identifier: String) throws -> String {
        guard let escaped = PQescapeIdentifier(handle, identifier, identifier.utf8.count) else {
            throw connectionError(kind: .misuse)
        }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// The error for the connection's current state, with any password scrubbed from libpq's message.
    func connectionError(kind: PostgresError.Kind) -> PostgresError {
        var message = String(cString: PQerrorMessage(handle))
            .trimmingCharacters(in: .whitespacesAndNewlines)
            .replacingOccurrences(of: "\n", with: "; ")
            .replacingOccurrences(of: "\t", with: "")
        for secret in secrets where !secret.isEmpty { message = message.replacingOccurrences(of: secret, with: "***") }
        if message.isEmpty { message = "no further detail from libpq" }
        let kind = (kind == .server && PQstatus(handle) != CONNECTION_OK) ? .connectionLost : kind
        switch kind {
        case .connectionFailed:
            return PostgresError(kind: kind, summary: "cannot connect to the database: \(message)")
        case .connectionLost:
            return PostgresError(kind: kind, summary: "lost the connection to the database: \(message)")
        default:
            return PostgresError(kind: kind, summary: "database error", details: message)
        }
    }
}

/// Calls `body` with a NULL-terminated array of C strings that live for the call.
private func withCStringArray<Result>(
    _ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> Result
) -> Result {
    let duplicates = strings.map { strdup($0) }
    defer { duplicates.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = duplicates.map { $0.map { UnsafePointer($0) } } + [nil]
    return pointers.withUnsafeBufferPointer { buffer in
        // A non-empty array's base address is never nil.
        body(buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!)
    }
}

/// Calls `body` with libpq's parameter arrays: type OIDs and text values (NULL for SQL NULL).
func withBinds<Result>(
    _ binds: [PostgresBind],
    _ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?) -> Result
) -> Result {
    guard !binds.isEmpty else { return body(nil, nil) }
    let types = binds.map { Oid($0.type.oid) }
    let values = binds.map { bind in bind.text.flatMap { strdup($0) } }
    defer { values.forEach { free($0) } }
    let pointers: [UnsafePointer<CChar>?] = values.map { $0.map { UnsafePointer($0) } }
    return types.withUnsafeBufferPointer { typeBuffer in
        pointers.withUnsafeBufferPointer { valueBuffer in
            body(typeBuffer.baseAddress, valueBuffer.baseAddress)
        }
    }
}
