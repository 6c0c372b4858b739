import HTTPServer
import Postgres
import RemindersStore

/// `GET /metrics` on a listener of its own, with one database connection of its own: scrapes,
/// however slow or many, never take a thread or a connection from the webhooks. It is meant for
/// loopback or a private network (the figures are the clinic's business), and answers nothing else.
final class MetricsListener: Sendable {
    /// Scrapes served at once; Prometheus scrapes one at a time, a few more allow a person with curl.
    static let maxConnections = 4
    /// How long a scrape waits for the connection before it is served without database figures.
    static let connectionWait = Duration.seconds(2)

    private let metrics: ReceiverMetrics
    private let pool: ConnectionPool
    private let server: HTTPServer

    init(metrics: ReceiverMetrics, pool: ConnectionPool) {
        self.metrics = metrics
        self.pool = pool
        server = HTTPServer(configuration: HTTPServer.Configuration(maxConnections: Self.maxConnections)) { request in
            Self.answer(request, metrics: metrics, pool: pool)
        }
    }

    func start(host: String, port: UInt16) throws -> UInt16 {
        try server.start(host: host, port: port)
    }

    func shutdown() {
        server.shutdown(gracePeriod: .seconds(1))
        pool.closeIdle()
    }

    private static func answer(_ request: HTTPRequest, metrics: ReceiverMetrics, pool: ConnectionPool) -> HTTPResponse {
        guard request.path == "/metrics" else { return .text(404, "not found\n") }
        guard request.method == "GET" || request.method == "HEAD" else {
            var response = HTTPResponse.text(405, "method not allowed\n")
            response.headers = ["Content-Type": "text/plain; charset=utf-8", "Allow": "GET, HEAD"]
            return response
        }
        let database = try? pool.withConnection(timeout: connectionWait) { db in try DatabaseMetrics.read(db) }
        var response = HTTPResponse.text(200, MetricsPage.render(metrics, database: database))
        response.headers = ["Content-Type": PrometheusText.contentType]
        return response
    }
}
