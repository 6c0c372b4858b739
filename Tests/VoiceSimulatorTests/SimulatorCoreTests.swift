import Foundation
import Testing
import VoiceAPI
@testable import VoiceSimulator

@Suite struct SimulatorCoreTests {
    static let key = "core-key"
    static let epoch = Date(timeIntervalSince1970: 1_772_877_600)
    static let timing = CallTiming(ring: .seconds(1), answer: .seconds(2), talk: .seconds(30), noAnswerAfter: .seconds(20))
    static let hook = "http://127.0.0.1:9/webhooks/voice/token"

    static func core(_ configure: (inout SimulatorConfiguration) -> Void = { _ in }) -> SimulatorCore {
        var configuration = SimulatorConfiguration(apiKey: key, timing: timing)
        configure(&configuration)
        return SimulatorCore(configuration: configuration, epoch: epoch)
    }

    static func dial(
        _ number: String = "+15551230134", hook: String? = SimulatorCoreTests.hook, extra: String = "",
        key: String = SimulatorCoreTests.key
    ) -> SimulatorRequest {
        let webhook = hook.map { #","webhook_url":"\#($0)""# } ?? ""
        let body = #"{"agent_id":"a1","to_number":"\#(number)","from_number":"+15550001111"\#(webhook)\#(extra)}"#
        return SimulatorRequest(
            method: "POST", path: "/voice/outbound/dial", authorization: "Bearer \(key)", body: Array(body.utf8))
    }

    static func response(_ answer: SimulatorAnswer) throws -> SimulatorResponse {
        guard case .respond(let response) = answer else { throw CoreTestError.dropped }
        return response
    }

    static func body(_ response: SimulatorResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    enum CoreTestError: Error { case dropped }

    @Test(arguments: [nil, "Bearer wrong", "Basic core-key", "Bearer core-ke"])
    func refusesWithoutTheKey(header: String?) throws {
        var core = Self.core()
        var request = Self.dial()
        request.authorization = header
        #expect(try Self.response(core.handle(request, at: .zero)).status == 401)
        #expect(core.calls.isEmpty)
    }

    @Test func dialLimitAnswers429WithRetryAfterThenRecovers() throws {
        var core = Self.core { $0.limits = RateLimits(perWindow: [.dial: 2], window: .seconds(60)) }
        #expect(try Self.response(core.handle(Self.dial(), at: .seconds(0))).status == 200)
        #expect(try Self.response(core.handle(Self.dial(), at: .seconds(10))).status == 200)
        let limited = try Self.response(core.handle(Self.dial(), at: .milliseconds(30_500)))
        #expect(limited.status == 429)
        #expect(limited.headers["Retry-After"] == "30")
        #expect(try Self.response(core.handle(Self.dial(), at: .seconds(60))).status == 200)
        #expect(core.calls.count == 3)
        #expect(core.log.filter { $0.status == 429 }.count == 1)
    }

    @Test(arguments: [
        (#"{"to_number":"+15551230134","from_number":"+15550001111"}"#, 422, "invalid dial body: agent_id is required"),
        (#"{"agent_id":"a","to_number":"+15551230134","from_number":"+15550001111","max_duration":"x"}"#, 422, "invalid dial body: max_duration is invalid"),
        (#"{"agent_id":"a","to_number":"555","from_number":"+15550001111"}"#, 422, "to_number must be E.164"),
        (#"{"agent_id":"a","to_number":"+15551230134","from_number":"x"}"#, 422, "from_number is not a verified caller id"),
        (#"{"agent_id":"a","to_number":"+15551230134","from_number":"+15550001111","max_duration":0}"#, 422, "max_duration must be 1…14400"),
        ("[]", 422, "invalid dial body: not a JSON object"),
    ])
    func validatesDials(body: String, status: Int, message: String) throws {
        var core = Self.core()
        let request = SimulatorRequest(
            method: "POST", path: "/voice/outbound/dial", authorization: "Bearer \(Self.key)", body: Array(body.utf8))
        let response = try Self.response(core.handle(request, at: .zero))
        #expect(response.status == status)
        #expect(Self.body(response) == #"{"error":"\#(message)"}"#)
        #expect(core.calls.isEmpty)
    }

    @Test func plansWebhooksInOrderAtTheirTimes() throws {
        var core = Self.core()
        let answer = try Self.response(core.handle(Self.dial(), at: .seconds(5)))
        #expect(Self.body(answer).contains(#""status":"initiating""#))
        #expect(core.takeDueDeliveries(at: .seconds(4)).isEmpty)
        #expect(core.takeDueDeliveries(at: .seconds(5)).map(\.event) == ["initiating"])
        #expect(core.nextDeliveryDue == .seconds(6))
        #expect(core.takeDueDeliveries(at: .seconds(100)).map(\.event) == ["ringing", "in_progress", "completed"])
        #expect(core.nextDeliveryDue == nil)
    }

    @Test func webhookPayloadHasTheAssumedShape() throws {
        var core = Self.core()
        _ = core.handle(Self.dial(extra: #","recording":true"#), at: .zero)
        let last = try #require(core.takeDueDeliveries(at: .seconds(100)).last)
        let event = try WebhookEvent.decode(last.payload).get()
        #expect(event.status == .completed)
        #expect(event.duration == 30)
        #expect(event.recordingID?.hasPrefix("rec_") == true)
        #expect(event.timestamp == Self.epoch.addingTimeInterval(33))
        #expect(event.rawJSON.contains(#""event":"call.completed""#))
    }

    @Test func duplicateFaultSendsEachWebhookTwice() {
        var core = Self.core { $0.faults.duplicateWebhook = 1 }
        _ = core.handle(Self.dial("+15551230137"), at: .zero)
        #expect(core.takeDueDeliveries(at: .seconds(100)).map(\.event) == ["initiating", "initiating", "busy", "busy"])
    }

    @Test func missingFaultSendsNothingAndLogsIt() {
        var core = Self.core { $0.faults.missingWebhook = 1 }
        _ = core.handle(Self.dial(), at: .zero)
        #expect(core.nextDeliveryDue == nil)
        #expect(core.log.filter { $0.note == "missing_webhook" }.map { $0.event ?? "" } == [
            "initiating", "ringing", "in_progress", "completed",
        ])
        #expect(core.calls.count == 1, "the call still happens")
    }

    @Test func outOfOrderFaultDeliversTheTerminalFirst() {
        var core = Self.core { $0.faults.outOfOrderWebhooks = 1 }
        _ = core.handle(Self.dial(), at: .zero)
        #expect(core.takeDueDeliveries(at: .seconds(100)).map(\.event) == ["initiating", "ringing", "completed", "in_progress"])
    }

    @Test func lateFaultDelaysEveryWebhook() {
        var core = Self.core { $0.faults = Faults(lateWebhook: 1, lateBy: .seconds(50)) }
        _ = core.handle(Self.dial("+15551230137"), at: .zero)
        #expect(core.takeDueDeliveries(at: .seconds(49)).isEmpty)
        #expect(core.nextDeliveryDue == .seconds(50))
        let late = core.takeDueDeliveries(at: .seconds(51))
        #expect(late.map(\.event) == ["initiating", "busy"])
        #expect(late.map(\.eventAt) == [.zero, .seconds(1)], "the event keeps its true time")
    }

    @Test func numberSuffixSelectsWhichCallsGetFaults() throws {
        var core = Self.core { $0.faults = Faults(dialServerError: 1, numberSuffix: "0134") }
        #expect(try Self.response(core.handle(Self.dial("+15551230134"), at: .zero)).status == 503)
        #expect(try Self.response(core.handle(Self.dial("+15551230135"), at: .zero)).status == 200)
        #expect(core.calls.values.map(\.request.toNumber) == ["+15551230135"])
    }

    @Test func faultsRoundTripThroughJSON() throws {
        let faults = Faults(
            dialServerError: 0.25, droppedResponse: 0.5, duplicateWebhook: 1, outOfOrderWebhooks: 0.1, missingWebhook: 0.2,
            lateWebhook: 0.3, lateBy: .milliseconds(1500), insufficientBalance: true, numberSuffix: "9")
        #expect(try JSONDecoder().decode(Faults.self, from: JSONEncoder().encode(faults)) == faults)
        #expect(try JSONDecoder().decode(Faults.self, from: Data("{}".utf8)) == Faults())
    }

    @Test func serverErrorFaultPlacesNoCall() throws {
        var core = Self.core { $0.faults.dialServerError = 1 }
        #expect(try Self.response(core.handle(Self.dial(), at: .zero)).status == 503)
        #expect(core.calls.isEmpty)
    }

    @Test func droppedResponseStillPlacesTheCall() {
        var core = Self.core { $0.faults.droppedResponse = 1 }
        guard case .drop(let late) = core.handle(Self.dial(), at: .zero) else {
            Issue.record("expected a dropped answer")
            return
        }
        #expect(late.status == 200)
        #expect(core.calls.count == 1)
        #expect(core.log.last?.note == "dropped_response")
        #expect(core.log.last?.status == nil)
        #expect(core.takeDueDeliveries(at: .seconds(100)).count == 4)
    }

    @Test func refusesNonLoopbackWebhooks() throws {
        var core = Self.core()
        #expect(try Self.response(core.handle(Self.dial(hook: "http://203.0.113.5/hook"), at: .zero)).status == 200)
        #expect(core.nextDeliveryDue == nil)
        #expect(core.log.contains { $0.kind == .webhook && $0.note?.hasPrefix("refused") == true })
    }

    @Test func redeliversWithDoublingBackoffAndStops() throws {
        var core = Self.core { $0.webhooks = WebhookPolicy(timeout: .seconds(1), maxAttempts: 3, backoff: .seconds(2)) }
        _ = core.handle(Self.dial("+15551230138"), at: .zero)
        var delivery = try #require(core.takeDueDeliveries(at: .zero).first)
        _ = core.takeDueDeliveries(at: .seconds(100))
        core.deliveryFinished(delivery, status: 500, note: nil, at: .seconds(100))
        #expect(core.nextDeliveryDue == .seconds(102))
        delivery = try #require(core.takeDueDeliveries(at: .seconds(102)).first)
        #expect(delivery.attempt == 2)
        core.deliveryFinished(delivery, status: nil, note: "timed out", at: .seconds(103))
        #expect(core.nextDeliveryDue == .seconds(107))
        delivery = try #require(core.takeDueDeliveries(at: .seconds(107)).first)
        #expect(delivery.attempt == 3)
        core.deliveryFinished(delivery, status: 500, note: nil, at: .seconds(107))
        #expect(core.nextDeliveryDue == nil, "attempts are bounded")
        #expect(core.log.filter { $0.kind == .webhook }.compactMap(\.attempt) == [1, 2, 3])
    }

    @Test func successfulDeliveryIsNotRepeated() throws {
        var core = Self.core()
        _ = core.handle(Self.dial(), at: .zero)
        let delivery = try #require(core.takeDueDeliveries(at: .zero).first)
        core.deliveryFinished(delivery, status: 204, note: nil, at: .zero)
        #expect(core.nextDeliveryDue == .seconds(1))
    }

    @Test func scheduledCallStartsLater() throws {
        var core = Self.core()
        let at = ISO8601.format(Self.epoch.addingTimeInterval(600))
        let answer = try Self.response(core.handle(Self.dial(extra: #","scheduled_at":"\#(at)""#), at: .zero))
        #expect(Self.body(answer).contains(#""status":"scheduled""#))
        let id = try #require(core.calls.keys.first)
        let status = SimulatorRequest(method: "GET", path: "/voice/status/\(id)", authorization: "Bearer \(Self.key)")
        #expect(Self.body(try Self.response(core.handle(status, at: .seconds(10)))).contains(#""status":"scheduled""#))
        #expect(Self.body(try Self.response(core.handle(status, at: .seconds(601)))).contains(#""status":"ringing""#))
        #expect(core.takeDueDeliveries(at: .seconds(599)).isEmpty)
        #expect(core.takeDueDeliveries(at: .seconds(600)).map(\.event) == ["initiating"])
    }

    @Test func maxDurationEndsTheTalk() throws {
        var core = Self.core()
        _ = core.handle(Self.dial(extra: #","max_duration":5"#), at: .zero)
        let last = try #require(core.takeDueDeliveries(at: .seconds(100)).last)
        #expect(last.eventAt == .seconds(8))
        #expect(try WebhookEvent.decode(last.payload).get().duration == 5)
    }

    @Test func endCancelsLaterWebhooksAndReportsTheEnd() throws {
        var core = Self.core()
        _ = core.handle(Self.dial(), at: .zero)
        let id = try #require(core.calls.keys.first)
        _ = core.takeDueDeliveries(at: .seconds(3))
        let end = SimulatorRequest(method: "POST", path: "/voice/end/\(id)", authorization: "Bearer \(Self.key)")
        let answer = try Self.response(core.handle(end, at: .seconds(13)))
        #expect(Self.body(answer) == #"{"call_id":"\#(id)","status":"completed"}"#)
        let rest = core.takeDueDeliveries(at: .seconds(100))
        #expect(rest.map(\.event) == ["completed"])
        #expect(try WebhookEvent.decode(try #require(rest.first).payload).get().duration == 10)
    }

    @Test func controlEndpointsChangeFaultsAndShowTheLog() throws {
        var core = Self.core()
        let config = SimulatorRequest(
            method: "POST", path: "/_sim/config", body: Array(#"{"faults":{"dial_server_error":1},"outcomes":"mix"}"#.utf8))
        #expect(try Self.response(core.handle(config, at: .zero)).status == 200)
        #expect(core.configuration.faults.dialServerError == 1)
        #expect(core.configuration.outcomes == .mix)
        #expect(try Self.response(core.handle(Self.dial(), at: .zero)).status == 503)
        let bad = SimulatorRequest(method: "POST", path: "/_sim/config", body: Array(#"{"faults":{"missing_webhook":3}}"#.utf8))
        #expect(try Self.response(core.handle(bad, at: .zero)).status == 422)

        let log = try Self.response(core.handle(SimulatorRequest(method: "GET", path: "/_sim/log"), at: .zero))
        let entries = try JSONDecoder().decode([SimulatorLogEntry].self, from: Data(log.body))
        #expect(entries.count == 3)
        #expect(entries[1].toNumber == "+15551230134")
        #expect(entries[1].status == 503)
        #expect(entries[1].note == "dial_server_error")
    }

    @Test func seededRunsRepeat() throws {
        func ids(seed: UInt64) -> [String] {
            var core = Self.core { $0.seed = seed }
            for _ in 0..<3 { _ = core.handle(Self.dial(), at: .zero) }
            return core.callOrder
        }
        #expect(ids(seed: 9) == ids(seed: 9))
        #expect(ids(seed: 9) != ids(seed: 10))
    }

    @Test func unknownPathsAnd404s() throws {
        var core = Self.core()
        let auth = "Bearer \(Self.key)"
        for path in ["/voice/nothing", "/voice/status/", "/voice/status/a/b"] {
            #expect(try Self.response(core.handle(SimulatorRequest(method: "GET", path: path, authorization: auth), at: .zero)).status == 404)
        }
        let list = SimulatorRequest(method: "GET", path: "/voice/sessions", query: "limit=0", authorization: auth)
        #expect(try Self.response(core.handle(list, at: .zero)).status == 422)
    }
}
