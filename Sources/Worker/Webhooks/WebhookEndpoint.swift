import Foundation
public import HTTPServer
import Logging
public import Postgres
import Reminders
import RemindersStore
import VoiceAPI

/// What the receiver does with each request, apart from the sockets.
public struct WebhookEndpoint: Sendable {
    /// Database connections: one per event batch or health check in progress.
    public let pool: ConnectionPool
    /// In-process counters served on `/metrics`.
    public let metrics: ReceiverMetrics
    let logger: Logger
    let now: @Sendable () -> Date
    /// Checks deliveries' signatures when a webhook secret is set; `nil`: the URL token alone
    /// admits a delivery (and delivery ids are not trusted).
    let signature: WebhookSignature?
    /// Groups events arriving together into one transaction each (group commit).
    let batcher: Batcher<EventRecorder.Item, EventRecorder.Result>

    /// How long `/healthz` and a batch wait for a connection: a probe must answer quickly, and a
    /// pool busy that long is itself a sign of trouble.
    static let probeTimeout = Duration.seconds(2)
    /// How long an event waits for its batch to be committed before it is answered 503: the
    /// provider gives up on a delivery after 5 s and sends it again later.
    static let eventDeadline = Duration.seconds(4)

    init(
        pool: ConnectionPool, metrics: ReceiverMetrics, logger: Logger, now: @escaping @Sendable () -> Date,
        maxConcurrentBatches: Int, signature: WebhookSignature?
    ) {
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
        self.now = now
        self.signature = signature
        batcher = Batcher(maxBatchSize: Self.maxEventsPerBatch, maxConcurrentBatches: maxConcurrentBatches) { items in
            Self.record(items, now: now(), pool: pool, logger: logger)
        }
    }

    /// Answers one request (the HTTP server calls this on the connection's thread).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch ReceiverRoute(method: request.method, path: request.path) {
        case .webhook(let token): return receive(token: token, request: request)
        case .health: return health()
        case .methodNotAllowed(let allowed):
            var response = HTTPResponse.text(405, "method not allowed\n")
            response.headers = ["Content-Type": "text/plain; charset=utf-8", "Allow": allowed]
            return response
        case .notFound: return .text(404, "not found\n")
        }
    }

    private func receive(token: String, request: HTTPRequest) -> HTTPResponse {
        // The shape check keeps junk tokens away from the database.
        guard WebhookToken.isWellFormed(token) else { return .text(404, "unknown webhook\n") }
        // So does the signature: an unsigned or forged delivery never reaches the database.
        var deliveryID: String?
        if let signature {
            let verdict = signature.check(
                body: request.body, timestamp: request.headers["X-Webhook-Timestamp"],
                signature: request.headers["X-Webhook-Signature"], now: now())
            guard verdict == .valid else {
                metrics.countEvent(status: "unverified", disposition: "\(verdict)")
                return .text(401, "webhook signature \(verdict)\n")
            }
            deliveryID = request.headers["X-Webhook-Delivery-Id"].flatMap { $0.isEmpty || $0.count > 200 ? nil : $0 }
        }
        let event: WebhookEvent
        switch WebhookEvent.decode(request.body) {
        case .success(let decoded): event = decoded
        case .failure(let rejection): return .text(400, "\(rejection)\n")
        }
        let stored = ProviderEvent(event)
        do {
            let result = try batcher.submit(
                EventRecorder.Item(token: token, event: stored, deliveryID: deliveryID), deadline: .now + Self.eventDeadline)
            switch result {
            case .unknownToken:
                return .text(404, "unknown webhook\n")
            case .repeatedDelivery:
                metrics.countEvent(status: stored.status, disposition: "repeated_delivery")
                return .json(200, Array(#"{"ok":true}"#.utf8))
            case .closed(let attemptID):
                logger.warning("webhook for a call closed to events; refused", ["attempt": .int(Int(attemptID))])
                metrics.countEvent(status: stored.status, disposition: "closed")
                return .text(410, "this call takes no more events\n")
            case .callIDMismatch(let attemptID):
                logger.warning("webhook call id differs from the attempt's; refused", ["attempt": .int(Int(attemptID))])
                return .text(409, "call id does not match this webhook\n")
            case .recorded(let attemptID, let disposition, let duplicate, let update):
                let status = stored.state == nil ? "unrecognized" : stored.status
                metrics.countEvent(status: status, disposition: duplicate ? "duplicate" : disposition.rawValue)
                // Checked first: the fields would otherwise be built for every event and dropped.
                if logger.level <= .debug {
                    logger.debug("webhook event", [
                        "attempt": .int(Int(attemptID)), "status": .text(status), "disposition": .text(disposition.rawValue),
                        "duplicate": .text(String(duplicate)), "state": .text(update?.current.rawValue ?? "-"),
                    ])
                }
                return .json(200, Array(#"{"ok":true}"#.utf8))
            }
        } catch let error as PostgresError where error.sqlState.map({ SQLState.dataException ~= $0 }) ?? false {
            // Postgres refused the payload (a \u0000 in a string, say): the body is at fault.
            return .text(400, "webhook body cannot be stored\n")
        } catch {
            logger.error("webhook not stored", ["error": .error(error)])
            return .text(503, "not stored; retry later\n")
        }
    }

    /// 200 only when an event could be recorded now: a connection of the webhooks' own pool is
    /// free within `probeTimeout`, and on it the tables an event writes can be written (a primary,
    /// not read-only, no lock that would stop the write).
    private func health() -> HTTPResponse {
        do {
            let problem = try pool.withConnection(timeout: Self.probeTimeout) { db in try EventRecorder.readiness(db) }
            return problem.map { .text(503, "cannot record events: \($0)\n") } ?? .text(200, "ok\n")
        } catch {
            return .text(503, "cannot record events: database unavailable\n")
        }
    }
}
