public import Foundation
public import HTTPServer
public import Logging
import Postgres
public import VoiceAPI

/// The webhook receiver: `POST /webhooks/voice/{token}` and `GET /healthz` on the public
/// listener, and `GET /metrics` on a listener of its own (loopback by default).
///
/// Stateless apart from its counters, so any number of receivers can run behind a load
/// balancer. Each event is stored and applied in one transaction and answered 200 only after
/// the commit; the provider retries anything else. `reminders serve` hosts one, and so does
/// `reminders run --listen`. The receiver owns its database connections, so their limits are
/// its own: webhooks use a pool with bounded waits, metrics scrapes one connection apart.
///
/// ```swift
/// let receiver = WebhookReceiver(databaseURL: url, logger: logger)
/// let port = try receiver.start(host: "127.0.0.1", port: 8080)
/// let metricsPort = try receiver.startMetrics(host: "127.0.0.1", port: 9464)
/// …
/// receiver.shutdown(gracePeriod: .seconds(5))
/// ```
public final class WebhookReceiver: Sendable {
    /// Answers webhook and health requests; the server calls it on each connection's thread.
    public let endpoint: WebhookEndpoint
    private let server: HTTPServer
    private let metricsListener: MetricsListener

    /// Session settings for the receiver's connections: a sick database costs seconds, not
    /// threads. A lock held elsewhere is waited for 2 s and a statement runs 4 s at most, so the
    /// provider (which gives up after 5 s and retries) gets a 503 rather than a hung request.
    public static let databaseSettings: KeyValuePairs<String, String> = ["lock_timeout": "2s", "statement_timeout": "4s"]

    /// Connections by default: one per event batch running at once, plus room for health checks
    /// and for raising `--concurrent-batches` without also raising this.
    public static let defaultPoolSize = 8

    /// Event transactions running at once; events arriving meanwhile wait and go in the next
    /// batch together. Fewer batches at once make bigger batches, and commits that overlap slow
    /// each other down; more keep events moving past a batch stuck on a row lock. Measured on the
    /// 2-core benchmark machine, durable database (`scripts/bench-webhooks`, 10 s runs):
    /// 64 clients: 1 → 15.2k events/s (p99 34 ms), 2 → 14.7k (14 ms), 3 → 14.2k (11 ms);
    /// 16 clients: 7.2k–8.9k for each of 1, 2 and 3, within noise. (Figures before 2026-11-25
    /// came from a batcher that lost places and mostly ran one batch at a time.)
    public static let defaultConcurrentBatches = 2

    /// Creates a receiver on the database at `databaseURL`; nothing listens until `start`.
    /// `signature` checks deliveries when a webhook secret is set; `now` is the clock for retries,
    /// timestamps and signature freshness.
    public init(
        databaseURL: String, poolSize: Int = defaultPoolSize, applicationName: String = "reminders-serve",
        logger: Logger, metrics: ReceiverMetrics = ReceiverMetrics(),
        configuration: HTTPServer.Configuration = .init(), maxConcurrentBatches: Int = defaultConcurrentBatches,
        signature: WebhookSignature? = nil, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let pool = ConnectionPool(
            url: databaseURL, maxConnections: poolSize, applicationName: applicationName, settings: Self.databaseSettings)
        let endpoint = WebhookEndpoint(
            pool: pool, metrics: metrics, logger: logger, now: now, maxConcurrentBatches: maxConcurrentBatches,
            signature: signature)
        self.endpoint = endpoint
        server = HTTPServer(
            configuration: configuration,
            observer: { request, status in
                let route = request.map { ReceiverRoute.label(method: $0.method, path: $0.path) } ?? "invalid"
                metrics.countRequest(route: route, status: status)
            },
            handler: { request in endpoint.handle(request) })
        metricsListener = MetricsListener(
            metrics: metrics,
            pool: ConnectionPool(
                url: databaseURL, maxConnections: 1, applicationName: applicationName + "-metrics", settings: Self.databaseSettings))
    }

    /// Starts listening for webhooks on `host:port` (0 picks a free port) and returns the bound port.
    public func start(host: String, port: UInt16) throws -> UInt16 {
        try server.start(host: host, port: port)
    }

    /// Starts the `/metrics` listener on `host:port` and returns the bound port.
    public func startMetrics(host: String, port: UInt16) throws -> UInt16 {
        try metricsListener.start(host: host, port: port)
    }

    /// Stops accepting, lets in-flight requests finish for up to `gracePeriod`, then closes idle connections.
    public func shutdown(gracePeriod: Duration) {
        server.shutdown(gracePeriod: gracePeriod)
        metricsListener.shutdown()
        endpoint.pool.closeIdle()
    }
}
