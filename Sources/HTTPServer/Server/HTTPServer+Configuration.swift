extension HTTPServer {
    /// Limits and timeouts for a server; the defaults suit a webhook receiver on the open internet.
    public struct Configuration: Sendable {
        /// Time a new connection may take to send the first byte of its first request. Clients
        /// connect when they have a request ready, so it follows within a round trip; 10 s allows
        /// for very slow links and frees a silent connection's thread six times sooner than the
        /// idle timeout would.
        public static let defaultFirstRequestTimeout = Duration.seconds(10)
        /// Time to receive a whole request head once its first byte arrives. 10 s is ample for
        /// any honest client and ends slowloris clients that trickle header bytes.
        public static let defaultHeaderTimeout = Duration.seconds(10)
        /// Time to receive a whole body once the head is complete. 64 KiB in 30 s is 2 KiB/s,
        /// slower than any real link, so only deliberate trickling hits it. A flat budget rather
        /// than a minimum rate: the body is small, and a trickling client is evictable at capacity.
        public static let defaultBodyTimeout = Duration.seconds(30)
        /// How long a kept-alive connection may wait for its next request. 60 s outlasts common
        /// client pool timeouts, so clients close first and never race a reused dead connection;
        /// at capacity an idle connection gives its slot to a newcomer, so the wait costs no one.
        public static let defaultIdleTimeout = Duration.seconds(60)
        /// Time to write one response to a client that does not read. Responses are small.
        public static let defaultWriteTimeout = Duration.seconds(30)
        /// Connections served at once, one thread each. 256 threads is cheap on Linux, and a
        /// webhook burst from one provider account stays far below it. Waiting connections do not
        /// keep newcomers out (see `maxConnections`), so only busy ones ever fill it.
        public static let defaultMaxConnections = 256
        /// Kernel queue of connections not yet accepted; the common `SOMAXCONN`-era default.
        public static let defaultBacklog: Int32 = 128

        /// Size limits for request lines, headers and bodies.
        public var limits: HTTPLimits
        /// Deadline for the first byte on a new connection.
        public var firstRequestTimeout: Duration
        /// Deadline for a request head, from its first byte.
        public var headerTimeout: Duration
        /// Deadline for a request body, from the end of the head.
        public var bodyTimeout: Duration
        /// Deadline for the next request on a kept-alive connection.
        public var idleTimeout: Duration
        /// Deadline for writing one response.
        public var writeTimeout: Duration
        /// Most connections served at once. At the cap a newcomer evicts a waiting connection, one
        /// of the client holding the most, the one waiting longest; only when every connection is
        /// busy (handling a request or writing a response) is the newcomer answered 503 and closed.
        public var maxConnections: Int
        /// The `listen(2)` backlog.
        public var backlog: Int32

        /// Creates a configuration; every value defaults to the named constant above.
        public init(
            limits: HTTPLimits = HTTPLimits(),
            firstRequestTimeout: Duration = defaultFirstRequestTimeout,
            headerTimeout: Duration = defaultHeaderTimeout,
            bodyTimeout: Duration = defaultBodyTimeout,
            idleTimeout: Duration = defaultIdleTimeout,
            writeTimeout: Duration = defaultWriteTimeout,
            maxConnections: Int = defaultMaxConnections,
            backlog: Int32 = defaultBacklog
        ) {
            self.limits = limits
            self.firstRequestTimeout = firstRequestTimeout
            self.headerTimeout = headerTimeout
            self.bodyTimeout = bodyTimeout
            self.idleTimeout = idleTimeout
            self.writeTimeout = writeTimeout
            self.maxConnections = maxConnections
            self.backlog = backlog
        }
    }
}
