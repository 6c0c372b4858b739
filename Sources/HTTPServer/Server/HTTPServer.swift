import Foundation
import Glibc

/// A strict HTTP/1.1 server on POSIX sockets, one thread per connection.
///
/// The handler is synchronous and runs on the connection's thread, so it may block (on Postgres,
/// say) without stalling other connections. Responses on a connection go out in request order,
/// which keeps pipelining correct. The server never logs and never prints a body.
///
/// At `maxConnections`, a new connection takes the place of one that is only waiting (for a
/// request, or for the rest of one) rather than being refused: see `ConnectionTable`. Only when
/// every connection is busy is the newcomer answered 503.
///
/// ```swift
/// let server = HTTPServer { request in .text(200, "ok\n") }
/// let port = try server.start(host: "127.0.0.1", port: 0)
/// …
/// server.shutdown(gracePeriod: .seconds(5))
/// ```
public final class HTTPServer: Sendable {
    /// Turns a request into a response; runs on the connection's own thread.
    public typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse
    /// Told the status of every response written, with the request when there was one
    /// (`nil` for refused requests, timeouts and over-capacity connections); for metrics.
    public typealias Observer = @Sendable (HTTPRequest?, _ status: Int) -> Void

    /// How long shutdown waits, after the grace period, for connection threads to notice their
    /// sockets were shut down. Only a handler stuck in its own work can take longer.
    static let forcedCloseWait = Duration.seconds(1)
    /// How long a closing connection reads and discards what the client still sends, so its
    /// last response is not destroyed by a TCP reset; 1 s covers a round trip on slow links.
    static let lingerDuration = Duration.seconds(1)
    /// Most bytes discarded while lingering; a client still uploading gets reset instead.
    static let lingerBytes = 256 * 1024
    /// Pause after `accept` fails for lack of descriptors, so the loop does not spin at full CPU.
    static let acceptRetryDelay = Duration.milliseconds(100)
    /// Evicted connections still closing, beyond `maxConnections`: newcomers need not wait for
    /// an evicted thread to exit, so the thread count exceeds the cap by at most this many.
    static let evictionSlack = 16
    /// How long a newcomer waits for evicted connections to close when they fill the slack (a
    /// flood of new connections) before it is refused. An evicted thread wakes on end of stream
    /// and exits within milliseconds; waiting pushes back on the flood through the listen backlog.
    static let evictionWait = Duration.seconds(1)

    /// The limits and timeouts this server applies.
    public let configuration: Configuration
    let handler: Handler
    let observer: Observer?
    let state: Locked<State>

    struct State: Sendable {
        enum Lifecycle: Sendable { case created, running, stopping, stopped }
        var lifecycle = Lifecycle.created
        var listener: Int32 = -1
        /// A pipe that becomes readable, and stays so, when shutdown begins: it wakes every poll.
        var wakeRead: Int32 = -1
        var wakeWrite: Int32 = -1
        var port: UInt16?
        var acceptLoopRunning = false
        /// Open connections: who gets in at capacity, and the sockets shutdown must force closed.
        var connections: Connections
    }
    typealias Connections = ConnectionTable<ContinuousClock.Instant>

    /// Creates a server; nothing listens until `start(host:port:)`.
    public init(
        configuration: Configuration = Configuration(),
        observer: Observer? = nil,
        handler: @escaping Handler
    ) {
        self.configuration = configuration
        self.observer = observer
        self.handler = handler
        state = Locked(State(connections: Connections(capacity: configuration.maxConnections, evictionSlack: Self.evictionSlack)))
    }

    /// The bound port while the server runs, `nil` before `start` and after `shutdown`.
    public var port: UInt16? {
        state.withLock { $0.lifecycle == .running ? $0.port : nil }
    }

    /// The number of connections currently open, including evicted ones not closed yet.
    public var openConnections: Int {
        state.withLock { $0.connections.count }
    }

    /// The number of open connections waiting for a request or for the rest of one: those a
    /// newcomer may evict at capacity.
    public var waitingConnections: Int {
        state.withLock { $0.connections.waitingCount }
    }

    /// The number of connections evicted to make room for newcomers since the server started.
    public var evictedConnections: Int {
        state.withLock { $0.connections.evictedTotal }
    }

    /// Binds `host:port`, starts accepting on a background thread and returns the bound port.
    ///
    /// Port 0 picks a free ephemeral port. A server starts once; after `shutdown` make a new one.
    @discardableResult
    public func start(host: String, port: UInt16) throws -> UInt16 {
        guard state.withLock({ $0.lifecycle == .created }) else {
            throw HTTPServerError(operation: "start", message: "the server was already started")
        }
        let (listener, boundPort) = try Socket.listen(host: host, port: port, backlog: configuration.backlog)
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            let error = Socket.systemError("pipe")
            close(listener)
            throw error
        }
        for end in pipeEnds { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        let claimed = state.withLock { state in
            // Checked again: another thread may have started the server meanwhile.
            guard state.lifecycle == .created else { return false }
            state.listener = listener
            state.wakeRead = pipeEnds[0]
            state.wakeWrite = pipeEnds[1]
            state.port = boundPort
            state.lifecycle = .running
            state.acceptLoopRunning = true
            return true
        }
        guard claimed else {
            for descriptor in [listener] + pipeEnds { close(descriptor) }
            throw HTTPServerError(operation: "start", message: "the server was already started")
        }
        let thread = Thread { [self] in acceptLoop() }
        thread.name = "http-accept"
        thread.start()
        return boundPort
    }

    /// Stops accepting, lets in-flight requests finish within `gracePeriod`, then closes everything.
    ///
    /// Idle kept-alive connections close at once; a connection mid-request gets until the grace
    /// period ends, and its response carries `Connection: close`. Blocks until every connection is
    /// closed, or until `forcedCloseWait` after the grace period if a handler never returns.
    public func shutdown(gracePeriod: Duration) {
        let (wakeWrite, alreadyStopping): (Int32?, Bool) = state.withLock { state in
            guard state.lifecycle == .running else { return (nil, state.lifecycle == .stopping) }
            state.lifecycle = .stopping
            return (state.wakeWrite, false)
        }
        guard let wakeWrite else {
            // Another thread is shutting down: wait for it, so every caller returns after the close.
            if alreadyStopping {
                _ = state.wait(until: .now + gracePeriod + Self.forcedCloseWait) { $0.lifecycle == .stopped }
            }
            return
        }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)

        let graceDeadline = ContinuousClock.now + gracePeriod
        _ = state.wait(until: graceDeadline) { !$0.acceptLoopRunning && $0.connections.isEmpty }
        state.withLock { state in
            for fd in state.connections.descriptors { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
        }
        let allClosed = state.wait(until: .now + Self.forcedCloseWait) {
            !$0.acceptLoopRunning && $0.connections.isEmpty
        }
        state.withLock { state in
            state.lifecycle = .stopped
            state.port = nil
            // A stuck handler's thread may still poll the pipe; closing it then could let the
            // descriptor number be reused under it, so it is left open in that rare case.
            if allClosed {
                close(state.wakeRead)
                close(state.wakeWrite)
            }
        }
    }

    private func acceptLoop() {
        let (listener, wakeRead) = state.withLock { ($0.listener, $0.wakeRead) }
        defer {
            state.withLock { state in
                close(listener)
                state.acceptLoopRunning = false
            }
        }
        while true {
            guard Socket.waitReadable(listener, wake: wakeRead, deadline: nil) == .readable else { return }
            guard let (fd, peer) = Socket.accept(listener) else {
                if errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM {
                    if Socket.waitReadable(wakeRead, wake: nil, deadline: .now + Self.acceptRetryDelay) != .timedOut {
                        return
                    }
                }
                continue
            }
            _ = state.wait(until: .now + Self.evictionWait) {
                $0.lifecycle != .running || !$0.connections.isFullOfEvictions
            }
            let admission = state.withLock { state -> Connections.Admission in
                guard state.lifecycle == .running else { return .refuse }
                let admission = state.connections.admit(fd: fd, peer: peer, now: .now)
                // Shut down, never closed, from here: the evicted connection's own thread sees end
                // of stream and closes it, so its descriptor cannot be reused under that thread.
                if case .admit(_, let evicting?) = admission { _ = Glibc.shutdown(evicting, Int32(SHUT_RDWR)) }
                return admission
            }
            guard case .admit(let id, _) = admission else {
                refuseOverCapacity(fd)
                continue
            }
            let connection = Connection(fd: fd, id: id, wakeRead: wakeRead, server: self)
            let thread = Thread { connection.run() }
            thread.name = "http-connection"
            thread.start()
        }
    }

    private func refuseOverCapacity(_ fd: Int32) {
        let response = HTTPResponse.text(503, "too many connections\n")
        Socket.sendWithoutWaiting(fd, response.serialized(persistence: .close))
        close(fd)
        observer?(nil, 503)
    }

    /// Whether shutdown has begun, so responses should close their connections.
    var isStopping: Bool {
        state.withLock { $0.lifecycle != .running }
    }

    /// Marks a connection busy before it handles a request or writes a refusal; false if it was
    /// evicted meanwhile, when it must close without doing either.
    func startWork(connection id: Int) -> Bool {
        state.withLock { $0.connections.startWork(id: id) }
    }

    /// Marks a connection waiting for its next request from `now`, so a newcomer may evict it.
    func startWaiting(connection id: Int, now: ContinuousClock.Instant) {
        state.withLock { $0.connections.startWaiting(id: id, now: now) }
    }

    /// Closes a connection's socket and forgets it, under the lock so shutdown or an eviction
    /// never touches a reused descriptor.
    func closeConnection(id: Int, fd: Int32) {
        state.withLock { state in
            close(fd)
            state.connections.remove(id: id)
        }
    }
}
