import CLibPQ
import Foundation

/// A message sent with NOTIFY (or `pg_notify`) on a channel this connection listens to.
public struct PostgresNotification: Sendable, Equatable {
    public let channel: String
    public let payload: String
    /// The backend process id of the sender.
    public let senderPID: Int32
}

/// LISTEN / NOTIFY: wakes waiting workers without polling the database.
extension Connection {
    /// Starts listening on `channel`; kept across reconnects.
    public func listen(_ channel: String) throws {
        try executeScript(unsafeSQL: "LISTEN \(try quoteIdentifier(channel))")
        listeningChannels.insert(channel)
    }

    /// Stops listening on `channel`.
    public func unlisten(_ channel: String) throws {
        try executeScript(unsafeSQL: "UNLISTEN \(try quoteIdentifier(channel))")
        listeningChannels.remove(channel)
    }

    /// Sends `payload` to every listener of `channel` (delivered when the current transaction commits).
    public func notify(_ channel: String, payload: String = "") throws {
        try execute("SELECT pg_notify(\(channel), \(payload))")
    }

    /// Waits up to `timeout` for a notification, sleeping on the connection's socket with `poll`.
    ///
    /// Returns `nil` when the time is up with nothing received.
    public func waitForNotification(timeout: Duration) throws -> PostgresNotification? {
        try reconnectIfNeeded()
        let deadline = ContinuousClock.now + timeout
        while true {
            // Read whatever has arrived before asking libpq for queued notifications.
            guard PQconsumeInput(handle) == 1 else { throw connectionError(kind: .connectionLost) }
            if let notification = nextNotification() { return notification }
            let remaining = ContinuousClock.now.duration(to: deadline)
            guard remaining > .zero else { return nil }
            var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min((remaining / .milliseconds(1)).rounded(.up), Double(Int32.max)))
            let ready = poll(&descriptor, 1, milliseconds)
            if ready < 0 && errno != EINTR {
                throw PostgresError(kind: .connectionLost, summary: "lost the connection to the database: poll failed (errno \(errno))")
            }
        }
    }

    private func nextNotification() -> PostgresNotification? {
        guard let raw = PQnotifies(handle) else { return nil }
        defer { PQfreemem(raw) }
        return PostgresNotification(
            channel: String(cString: raw.pointee.relname),
            payload: raw.pointee.extra.map { String(cString: $0) } ?? "",
            senderPID: raw.pointee.be_pid
        )
    }
}
