/// One client connection: reads requests, calls the handler, writes responses in order.
///
/// The protocol decisions live in `RequestParser`; this is the thin IO shell around it that owns
/// the socket and the timeouts.
struct Connection: Sendable {
    /// Bytes read from the socket at once; a whole typical webhook request fits in one read.
    static let readSize = 16 * 1024

    let fd: Int32
    let id: Int
    let wakeRead: Int32
    let server: HTTPServer

    private var configuration: HTTPServer.Configuration { server.configuration }

    init(fd: Int32, id: Int, wakeRead: Int32, server: HTTPServer) {
        self.fd = fd
        self.id = id
        self.wakeRead = wakeRead
        self.server = server
    }

    func run() {
        let lingers = serve()
        if lingers {
            Socket.lingeringClose(fd, for: HTTPServer.lingerDuration, maxBytes: HTTPServer.lingerBytes)
        }
        server.closeConnection(id: id, fd: fd)
    }

    /// Serves requests until the connection should close; returns whether to linger before closing.
    private func serve() -> Bool {
        var parser = RequestParser(limits: configuration.limits)
        var readBuffer = [UInt8](repeating: 0, count: Self.readSize)
        var deadlines = RequestDeadline(
            timeouts: .init(
                firstRequest: configuration.firstRequestTimeout,
                idle: configuration.idleTimeout,
                head: configuration.headerTimeout,
                body: configuration.bodyTimeout
            ),
            now: ContinuousClock.now
        )

        var served = 0
        while true {
            switch parser.next() {
            case .request(var request):
                guard server.startWork(connection: id) else { return false }
                request.precedingRequestsOnConnection = served
                served += 1
                let response = server.handler(request)
                if response.dropsConnection {
                    server.observer?(request, 0)
                    return false
                }
                let keepAlive = request.wantsKeepAlive && !server.isStopping
                let bytes = response.serialized(
                    persistence: keepAlive ? .keepAlive(request.version) : .close,
                    isHeadRequest: request.method == "HEAD",
                    date: HTTPDate.now()
                )
                let written = write(bytes)
                server.observer?(request, response.status)
                guard written else { return false }
                // Unread bytes (pipelined requests after a closing one) would make close() send a
                // reset that can destroy the response; only then is lingering worth its delay.
                guard keepAlive else { return parser.bufferedByteCount > 0 || Socket.hasPendingInput(fd) }
                let answered = ContinuousClock.now
                deadlines.responseSent(now: answered)
                server.startWaiting(connection: id, now: answered)

            case .continueExpected:
                guard write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return false }

            case .error(let error):
                return refuse(status: error.status, reason: error.reason)

            case .needMoreData:
                let deadline = deadlines.deadline(parserPhase: parser.phase, now: .now)
                let phase = deadlines.phase
                if phase == .idle, server.isStopping { return false }
                switch Socket.waitReadable(fd, wake: phase == .idle ? wakeRead : nil, deadline: deadline) {
                case .woken:
                    return false
                case .timedOut:
                    // An idle connection just closes; one stuck mid-request is told why.
                    return phase == .idle ? false : refuse(status: 408, reason: "request not received in time")
                case .readable:
                    guard let count = Socket.receive(fd, into: &readBuffer) else { continue }
                    guard count > 0 else { return false }
                    parser.feed(readBuffer[..<count])
                }
            }
        }
    }

    /// Answers an error status with `Connection: close`; the caller then closes after lingering.
    private func refuse(status: Int, reason: String) -> Bool {
        guard server.startWork(connection: id) else { return false }
        let response = HTTPResponse.text(status, reason + "\n")
        let written = write(response.serialized(persistence: .close, date: HTTPDate.now()))
        server.observer?(nil, status)
        return written
    }

    private func write(_ bytes: [UInt8]) -> Bool {
        Socket.sendAll(fd, bytes, deadline: .now + configuration.writeTimeout)
    }
}
