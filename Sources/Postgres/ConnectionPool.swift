import Foundation

/// A small thread-safe pool of connections for servers that handle requests on many threads.
///
/// A `Connection` is used by one thread at a time; the pool lends each to one caller for the
/// length of `withConnection` and takes it back afterwards. Connections are opened lazily, up
/// to `maxConnections`; a caller that finds none free waits, up to its timeout.
///
/// `@unchecked Sendable` is safe here: `idle` and `openCount` are only read or written while
/// `condition` is locked, and a connection is either in `idle` or lent to exactly one caller
/// (removed under the lock before lending, appended under the lock after), never both.
public final class ConnectionPool: @unchecked Sendable {
    /// The URL every connection is opened with.
    private let url: String
    private let applicationName: String
    /// Session settings of every connection (see `Connection.init`).
    private let settings: KeyValuePairs<String, String>
    /// Most connections open at once.
    public let maxConnections: Int
    private let condition = NSCondition()
    private var idle: [Connection] = []
    private var openCount = 0

    /// Wait this long for a free connection by default: longer than any statement the receiver runs,
    /// short enough that a stuck database turns into errors rather than piling up requests.
    public static let defaultAcquireTimeout = Duration.seconds(10)

    /// Creates a pool; no connection is opened until one is needed.
    public init(url: String, maxConnections: Int, applicationName: String = "reminders", settings: KeyValuePairs<String, String> = [:]) {
        self.url = url
        self.applicationName = applicationName
        self.settings = settings
        self.maxConnections = max(1, maxConnections)
    }

    /// Lends a connection to `body` and takes it back when `body` returns or throws.
    ///
    /// A connection returned with a transaction still open is closed rather than pooled. When
    /// `body` throws a lost connection, the idle connections are closed as well.
    @discardableResult
    public func withConnection<Result>(
        timeout: Duration = ConnectionPool.defaultAcquireTimeout, _ body: (Connection) throws -> Result
    ) throws -> Result {
        let connection = try acquire(timeout: timeout)
        var reusable = true
        defer { release(connection, reusable: reusable) }
        do {
            let result = try body(connection)
            reusable = !connection.inTransaction
            return result
        } catch {
            reusable = connection.isConnected && !connection.inTransaction
            // A lost connection usually means the server restarted or failed over, which cut the
            // idle ones too: close them, so the next callers connect afresh instead of each
            // finding out the hard way.
            if let error = error as? PostgresError, error.kind == .connectionLost { closeIdle() }
            throw error
        }
    }

    /// Closes the idle connections; connections lent out close when they come back.
    public func closeIdle() {
        condition.lock()
        openCount -= idle.count
        idle.removeAll()
        condition.broadcast()
        condition.unlock()
    }

    /// Connections open now (idle or lent).
    public var openConnections: Int {
        condition.lock()
        defer { condition.unlock() }
        return openCount
    }

    private func acquire(timeout: Duration) throws -> Connection {
        let deadline = Date().addingTimeInterval(Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18)
        condition.lock()
        while idle.isEmpty && openCount >= maxConnections {
            if !condition.wait(until: deadline) && idle.isEmpty && openCount >= maxConnections {
                condition.unlock()
                throw PostgresError(kind: .connectionFailed, summary: "no database connection free within the pool's timeout")
            }
        }
        if let connection = idle.popLast() {
            condition.unlock()
            return connection
        }
        openCount += 1
        condition.unlock()
        do {
            return try Connection(url: url, applicationName: applicationName, settings: settings)
        } catch {
            condition.lock()
            openCount -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func release(_ connection: Connection, reusable: Bool) {
        condition.lock()
        if reusable {
            idle.append(connection)
        } else {
            openCount -= 1
        }
        condition.signal()
        condition.unlock()
    }
}
