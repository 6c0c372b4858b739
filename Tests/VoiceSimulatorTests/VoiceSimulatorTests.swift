import Foundation
import Testing
import VoiceAPI
import VoiceSimulator

/// The simulator over real sockets: webhooks to a receiver, faults end to end, the HTTP log.
@Suite struct VoiceSimulatorTests {
    static let key = "sim-key"

    static func start(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }) throws -> (VoiceSimulator, VoiceClient) {
        var configuration = SimulatorConfiguration(apiKey: key, timing: .fast)
        configuration.webhooks = WebhookPolicy(timeout: .seconds(2), maxAttempts: 3, backoff: .milliseconds(20))
        configure(&configuration)
        let simulator = VoiceSimulator(configuration: configuration)
        let port = try simulator.start()
        let client = VoiceClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), apiKey: try APIKey(key), timeout: .seconds(5))
        return (simulator, client)
    }

    static func request(to number: String, hook: String) -> DialRequest {
        DialRequest(agentID: "a1", toNumber: number, fromNumber: "+15550001111", webhookURL: hook)
    }

    @Test(arguments: [
        ("+15551230130", ["initiating", "ringing", "in_progress", "completed"]),
        ("+15551230136", ["initiating", "ringing", "no_answer"]),
        ("+15551230137", ["initiating", "busy"]),
        ("+15551230138", ["initiating", "failed"]),
    ])
    func webhooksArriveInOrder(number: String, statuses: [String]) throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start()
        defer { simulator.shutdown() }
        guard case .accepted(let callID, _) = client.dial(Self.request(to: number, hook: receiver.url)) else {
            Issue.record("dial failed")
            return
        }
        let events = receiver.waitForEvents(statuses.count)
        #expect(events.map(\.status.wireValue) == statuses)
        #expect(events.allSatisfy { $0.callID == callID })
        #expect(events.last?.status.isTerminal == true)
    }

    @Test func manyCallsEachKeepTheirOrder() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start { $0.limits = .unlimited }
        defer { simulator.shutdown() }
        let numbers = (0..<50).map { "+1555123\(String(format: "%04d", $0))" }
        // Webhooks per outcome under the last-digit rules: completed 4, no_answer 3, busy 2, failed 2.
        let perDigit: [Character: Int] = ["6": 3, "7": 2, "8": 2, "9": 3]
        let expected = numbers.reduce(0) { $0 + (perDigit[$1.last ?? "0"] ?? 4) }
        for number in numbers { _ = client.dial(Self.request(to: number, hook: receiver.url)) }
        let events = receiver.waitForEvents(expected)
        #expect(events.count == expected)
        #expect(Set(events.map(\.callID)).count == numbers.count)
        let ranks: [CallStatus: Int] = [.initiating: 0, .ringing: 1, .inProgress: 2]
        for (_, calls) in Dictionary(grouping: events, by: \.callID) {
            let order = calls.map { ranks[$0.status] ?? 3 }
            #expect(order == order.sorted(), "one call's webhooks arrive in order")
            #expect(calls.last?.status.isTerminal == true)
        }
    }

    @Test func duplicatesArriveTwice() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start { $0.faults.duplicateWebhook = 1 }
        defer { simulator.shutdown() }
        _ = client.dial(Self.request(to: "+15551230137", hook: receiver.url))
        #expect(receiver.waitForEvents(4).map(\.status) == [.initiating, .initiating, .busy, .busy])
    }

    @Test func outOfOrderArrivesTerminalFirst() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start { $0.faults.outOfOrderWebhooks = 1 }
        defer { simulator.shutdown() }
        _ = client.dial(Self.request(to: "+15551230136", hook: receiver.url))
        #expect(receiver.waitForEvents(3).map(\.status) == [.initiating, .noAnswer, .ringing])
    }

    @Test func refusedWebhooksAreRedeliveredBoundedly() throws {
        // The receiver refuses its first answer, then accepts: the first webhook comes twice.
        let receiver = try WebhookReceiver { $0 == 0 ? 503 : 200 }
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start()
        defer { simulator.shutdown() }
        _ = client.dial(Self.request(to: "+15551230138", hook: receiver.url))
        let events = receiver.waitForEvents(3)
        #expect(events.filter { $0.status == .initiating }.count == 2)
        #expect(events.filter { $0.status == .failed }.count == 1)

        let alwaysRefusing = try WebhookReceiver { _ in 500 }
        defer { alwaysRefusing.shutdown() }
        _ = client.dial(Self.request(to: "+15551230137", hook: alwaysRefusing.url))
        // 2 webhooks × 3 attempts, and no more.
        #expect(alwaysRefusing.waitForEvents(6).count == 6)
        let settled = Self.eventually {
            simulator.log.filter { $0.kind == .webhook && $0.status == 500 }.count == 6
        }
        #expect(settled)
        #expect(simulator.log.filter { $0.kind == .webhook && $0.status == 500 }.compactMap(\.attempt).max() == 3)
    }

    @Test func slowReceiverIsTolerated() throws {
        let receiver = try WebhookReceiver(delay: .milliseconds(300))
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start()
        defer { simulator.shutdown() }
        _ = client.dial(Self.request(to: "+15551230137", hook: receiver.url))
        #expect(receiver.waitForEvents(2).map(\.status) == [.initiating, .busy])
        let delivered = Self.eventually { simulator.log.filter { $0.kind == .webhook && $0.status == 200 }.count == 2 }
        #expect(delivered)
        #expect(simulator.log.filter { $0.kind == .webhook }.allSatisfy { $0.attempt == 1 })
    }

    @Test func missingWebhooksNeverArriveButStatusStillAnswers() throws {
        let receiver = try WebhookReceiver()
        defer { receiver.shutdown() }
        let (simulator, client) = try Self.start { $0.faults.missingWebhook = 1 }
        defer { simulator.shutdown() }
        guard case .accepted(let callID, _) = client.dial(Self.request(to: "+15551230137", hook: receiver.url)) else {
            Issue.record("dial failed")
            return
        }
        #expect(Self.eventually { (try? client.status(callID: callID).status) == .busy })
        #expect(receiver.events.isEmpty)
    }

    @Test func logAndConfigOverHTTP() throws {
        let (simulator, client) = try Self.start()
        defer { simulator.shutdown() }
        let http = BlockingHTTPClient()
        let base = client.baseURL.absoluteString
        let config = http.send(
            method: "POST", url: try #require(URL(string: base + "/_sim/config")),
            body: Array(#"{"faults":{"insufficient_balance":true}}"#.utf8), deadline: .seconds(5))
        guard case .response(200, _, _) = config else {
            Issue.record("config refused: \(config)")
            return
        }
        #expect(client.dial(Self.request(to: "+15551230130", hook: "http://127.0.0.1:9/x")) == .permanent(
            status: 402, message: "insufficient balance"))
        let log = http.send(method: "GET", url: try #require(URL(string: base + "/_sim/log")), deadline: .seconds(5))
        guard case .response(200, _, let body) = log else {
            Issue.record("no log: \(log)")
            return
        }
        let entries = try JSONDecoder().decode([SimulatorLogEntry].self, from: Data(body))
        let dial = try #require(entries.first { $0.path == "/voice/outbound/dial" })
        #expect(dial.status == 402)
        #expect(dial.toNumber == "+15551230130")
        #expect(dial.method == "POST")
    }

    @Test func startsOnlyOnce() throws {
        let (simulator, _) = try Self.start()
        #expect(throws: SimulatorError.alreadyStarted) { try simulator.start() }
        simulator.shutdown()
        #expect(throws: SimulatorError.alreadyStarted) { try simulator.start() }
    }

    static func eventually(within deadline: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
        let clock = ContinuousClock()
        let end = clock.now + deadline
        let tick = DispatchSemaphore(value: 0)
        while clock.now < end {
            if condition() { return true }
            _ = tick.wait(timeout: .now() + .milliseconds(10))
        }
        return condition()
    }
}
