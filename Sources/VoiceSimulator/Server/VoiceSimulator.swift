import Foundation
public import HTTPServer
import Synchronization
import VoiceAPI

/// The provider simulator: `SimulatorCore` behind an `HTTPServer`, with a thread that posts webhooks.
///
/// ```swift
/// let simulator = VoiceSimulator(configuration: SimulatorConfiguration(apiKey: "test-key", timing: .fast))
/// let port = try simulator.start(host: "127.0.0.1", port: 0)
/// …
/// simulator.shutdown()
/// ```
public final class VoiceSimulator: Sendable {
    /// Longest pause of the delivery thread when nothing is due; it is woken early by new work anyway.
    static let idleWait = Duration.seconds(1)
    /// How long `shutdown` waits for the delivery thread to notice.
    static let stopWait = Duration.seconds(5)

    private let core: Mutex<SimulatorCore>
    private let origin = ContinuousClock.now
    private let state = Mutex(ShellState())
    /// Signalled whenever new webhooks may be due, so the delivery thread recomputes its wait.
    private let wake = DispatchSemaphore(value: 0)
    /// Signalled by the delivery thread when it exits.
    private let deliveryStopped = DispatchSemaphore(value: 0)
    /// Held dial responses wait on this until their hold ends or the simulator stops.
    private let dropGate = DispatchSemaphore(value: 0)
    private let webhookClient = BlockingHTTPClient()
    /// Serial delivery lanes; a call always uses the same lane, so its webhooks keep their order.
    private let lanes: [DispatchQueue]
    /// Webhook deliveries in flight at once: enough that one slow receiver does not stall the rest,
    /// few enough to bound threads however many calls there are.
    static let laneCount = 32
    private let holdDuration: Duration
    private let latency: Duration
    /// Never signalled: answers wait on it only for `latency`.
    private let latencyTimer = DispatchSemaphore(value: 0)
    private let webhookTimeout: Duration
    private let webhookSignature: WebhookSignature?

    private struct ShellState: Sendable {
        var server: HTTPServer?
        var stopping = false
        var heldResponses = 0
        var deliveryThreadRunning = false
    }

    /// Creates a simulator; nothing listens until `start`.
    public init(configuration: SimulatorConfiguration) {
        core = Mutex(SimulatorCore(configuration: configuration, epoch: Date()))
        holdDuration = configuration.droppedResponseHold
        latency = configuration.latency
        lanes = (0..<Self.laneCount).map { DispatchQueue(label: "voice-sim.webhooks.\($0)") }
        webhookTimeout = configuration.webhooks.timeout
        webhookSignature = configuration.webhooks.secret.map { WebhookSignature(secret: $0) }
    }

    /// Starts listening and delivering; returns the bound port (pass 0 for an ephemeral one).
    public func start(host: String = "127.0.0.1", port: UInt16 = 0) throws -> UInt16 {
        let server = HTTPServer { [weak self] request in
            self?.handle(request) ?? .text(503, "simulator stopped\n")
        }
        let claimed = state.withLock { state in
            guard state.server == nil, !state.stopping, !state.deliveryThreadRunning else { return false }
            state.server = server
            state.deliveryThreadRunning = true
            return true
        }
        guard claimed else { throw SimulatorError.alreadyStarted }
        let bound: UInt16
        do {
            bound = try server.start(host: host, port: port)
        } catch {
            state.withLock { state in
                state.server = nil
                state.deliveryThreadRunning = false
            }
            throw error
        }
        let thread = Thread { [self] in deliveryLoop() }
        thread.name = "voice-sim-webhooks"
        thread.start()
        return bound
    }

    /// Stops delivering, releases held responses and closes the server.
    public func shutdown() {
        let (server, held, running) = state.withLock { state in
            state.stopping = true
            let server = state.server
            state.server = nil
            return (server, state.heldResponses, state.deliveryThreadRunning)
        }
        wake.signal()
        if running { _ = deliveryStopped.wait(timeout: .now() + Self.stopWait.dispatchInterval) }
        for _ in 0..<held { dropGate.signal() }
        server?.shutdown(gracePeriod: .seconds(1))
    }

    /// Every request answered and webhook attempted so far, oldest first.
    public var log: [SimulatorLogEntry] { core.withLock { $0.log } }

    /// The calls accepted so far, in dial order.
    public var calls: [SimulatedCall] {
        core.withLock { core in core.callOrder.compactMap { core.calls[$0] } }
    }

    /// Replaces the faults and, when given, the outcome policy, from now on.
    public func update(faults: Faults, outcomes: OutcomePolicy? = nil) {
        core.withLock { $0.update(faults: faults, outcomes: outcomes) }
    }

    /// Monotonic time since the simulator was created.
    private var now: Duration { origin.duration(to: .now) }

    /// Answers one HTTP request (the server's handler).
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let simulated = SimulatorRequest(
            method: request.method, path: request.path, query: request.query,
            authorization: request.headers["Authorization"], body: request.body,
            onReusedConnection: request.precedingRequestsOnConnection > 0)
        if latency > .zero { _ = latencyTimer.wait(timeout: .now() + latency.dispatchInterval) }
        let answer = core.withLock { $0.handle(simulated, at: now) }
        wake.signal()
        switch answer {
        case .respond(let response):
            return Self.httpResponse(response)
        case .close:
            return .dropConnection
        case .drop:
            // Hold the connection (a slow network), then close it unanswered: the call exists, the
            // caller never learns its id.
            let stopping = state.withLock { state in
                if !state.stopping { state.heldResponses += 1 }
                return state.stopping
            }
            if !stopping {
                _ = dropGate.wait(timeout: .now() + holdDuration.dispatchInterval)
                state.withLock { $0.heldResponses -= 1 }
            }
            return .dropConnection
        }
    }

    private static func httpResponse(_ response: SimulatorResponse) -> HTTPResponse {
        HTTPResponse(
            status: response.status, headers: HTTPHeaders(response.headers.sorted { $0.key < $1.key }.map { ($0, $1) }),
            body: response.body)
    }

    // MARK: Webhook delivery

    private func deliveryLoop() {
        defer {
            state.withLock { $0.deliveryThreadRunning = false }
            deliveryStopped.signal()
        }
        while !state.withLock({ $0.stopping }) {
            let current = now
            let (due, next) = core.withLock { core in (core.takeDueDeliveries(at: current), core.nextDeliveryDue) }
            for delivery in due {
                queue(for: delivery.callID).async { [self] in deliver(delivery) }
            }
            let wait = min(next.map { max($0 - now, .zero) } ?? Self.idleWait, Self.idleWait)
            _ = wake.wait(timeout: .now() + wait.dispatchInterval)
        }
    }

    private func queue(for callID: String) -> DispatchQueue {
        // Hash values are stable within one process, which is all the lane choice needs.
        lanes[Int(UInt(bitPattern: callID.hashValue) % UInt(lanes.count))]
    }

    private func deliver(_ delivery: PendingDelivery) {
        guard let url = URL(string: delivery.url) else {
            core.withLock { $0.deliveryFinished(delivery, status: nil, note: "invalid webhook_url", at: now) }
            return
        }
        var headers = ["Content-Type": "application/json", "User-Agent": "voice-sim"]
        if let webhookSignature {
            let timestamp = String(Int(Date().timeIntervalSince1970))
            headers["X-Webhook-Timestamp"] = timestamp
            headers["X-Webhook-Signature"] = webhookSignature.sign(body: delivery.payload, timestamp: timestamp)
            headers["X-Webhook-Delivery-Id"] = "dlv_\(delivery.id)"
        }
        let outcome = webhookClient.send(
            method: "POST", url: url, headers: headers, body: delivery.payload, deadline: webhookTimeout)
        let (status, note): (Int?, String?) =
            switch outcome {
            case .response(let status, _, _): (status, nil)
            case .notSent(let reason), .noAnswer(let reason): (nil, reason)
            }
        core.withLock { $0.deliveryFinished(delivery, status: status, note: note, at: now) }
        wake.signal()
    }
}
