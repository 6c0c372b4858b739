import Foundation
import HTTPServer
import Synchronization
import VoiceAPI

/// A tiny webhook receiver on 127.0.0.1 that records every event it is posted.
final class WebhookReceiver: Sendable {
    private let server: HTTPServer
    private let received = EventStore()
    private let arrival = DispatchSemaphore(value: 0)
    let url: String

    /// `answer` picks the status for the n-th request (0-based); `delay` is how long each answer takes.
    init(delay: Duration = .zero, answer: @escaping @Sendable (Int) -> Int = { _ in 200 }) throws {
        let received = received
        let arrival = arrival
        let slow = DispatchSemaphore(value: 0)
        server = HTTPServer { request in
            let index = received.append(WebhookEvent.decode(request.body))
            if delay > .zero {
                let (seconds, attoseconds) = delay.components
                _ = slow.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
            }
            arrival.signal()
            return .empty(answer(index))
        }
        let port = try server.start(host: "127.0.0.1", port: 0)
        url = "http://127.0.0.1:\(port)/webhooks/voice/token123"
    }

    var events: [WebhookEvent] { received.events }

    /// Waits until `count` events arrived or `deadline` passed; returns the events so far.
    func waitForEvents(_ count: Int, within deadline: Duration = .seconds(10)) -> [WebhookEvent] {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        while events.count < count, clock.now < end {
            _ = arrival.wait(timeout: .now() + .milliseconds(50))
        }
        return events
    }

    func shutdown() {
        server.shutdown(gracePeriod: .seconds(1))
    }
}

/// The events a receiver got, shared between its connection threads.
private final class EventStore: Sendable {
    private let state = Mutex<[WebhookEvent]>([])

    /// Stores a decoded event (refused bodies are dropped) and returns the request's 0-based index.
    func append(_ decoded: Result<WebhookEvent, WebhookRejection>) -> Int {
        state.withLock { events in
            if case .success(let event) = decoded { events.append(event) }
            return events.count - 1
        }
    }

    var events: [WebhookEvent] { state.withLock { $0 } }
}
