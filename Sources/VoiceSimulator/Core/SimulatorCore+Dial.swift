import Foundation
import VoiceAPI

extension SimulatorCore {
    /// `POST /voice/outbound/dial`: validates, applies dial faults, creates the call and plans its webhooks.
    mutating func dial(_ body: [UInt8], onReusedConnection: Bool, at now: Duration) -> (SimulatorAnswer, String?, String?, String?) {
        let request: DialRequest
        do {
            request = try JSONDecoder().decode(DialRequest.self, from: Data(body))
        } catch {
            return (.respond(.error(422, "invalid dial body: \(Self.fieldName(error))")), nil, nil, nil)
        }
        let number = request.toNumber
        guard Self.isE164(request.toNumber) else {
            return (.respond(.error(422, "to_number must be E.164")), number, nil, nil)
        }
        guard Self.isE164(request.fromNumber), configuration.verifiedCallerIDs?.contains(request.fromNumber) ?? true else {
            return (.respond(.error(422, "from_number is not a verified caller id")), number, nil, nil)
        }
        if let seconds = request.maxDuration, !(1...Self.maxCallSeconds).contains(seconds) {
            return (.respond(.error(422, "max_duration must be 1…\(Self.maxCallSeconds)")), number, nil, nil)
        }
        let faults = configuration.faults.applying(to: request.toNumber)
        if faults.insufficientBalance {
            return (.respond(.error(402, "insufficient balance")), number, nil, "insufficient_balance")
        }
        if random.chance(faults.dialServerError) {
            return (.respond(.error(503, "service temporarily unavailable")), number, nil, "dial_server_error")
        }

        let call = accept(request, at: now)
        let answer = WireJSON.object([
            ("call_id", .string(call.id)), ("status", .string(call.timeline.first?.at == now ? "initiating" : "scheduled")),
            ("agent_id", .string(request.agentID)), ("to_number", .string(request.toNumber)),
            ("created_at", .string(timestamp(now))),
        ])
        if onReusedConnection, random.chance(faults.droppedOnReusedConnection) {
            return (.close, number, call.id, "dropped_on_reused_connection")
        }
        if random.chance(faults.droppedResponse) {
            return (.drop(late: .json(200, answer)), number, call.id, "dropped_response")
        }
        if random.chance(faults.placedServerError) {
            return (.respond(.error(502, "bad gateway")), number, call.id, "placed_server_error")
        }
        return (.respond(.json(200, answer)), number, call.id, nil)
    }

    /// Creates the call, its timeline and its webhook deliveries.
    private mutating func accept(_ request: DialRequest, at now: Duration) -> SimulatedCall {
        let id = newID("call_")
        var start = now
        if let scheduledAt = request.scheduledAt {
            let delay = scheduledAt.timeIntervalSince(wallClock(now))
            if delay > 0 { start = now + .milliseconds(Int64(delay * 1000)) }
        }
        let outcome = configuration.outcomes.outcome(for: request.toNumber, random: &random)
        var timeline = CallLife.timeline(
            outcome: outcome, start: start, timing: configuration.timing, maxDuration: request.maxDuration ?? 600)
        var recordingID: String?
        if outcome == .completed, request.recording == true, let last = timeline.indices.last {
            recordingID = "rec_" + id.dropFirst("call_".count)
            timeline[last].recordingID = recordingID
        }
        let call = SimulatedCall(
            id: id, request: request, createdAt: now, outcome: outcome, timeline: timeline, recordingID: recordingID)
        calls[id] = call
        callOrder.append(id)
        planWebhooks(for: call, changes: timeline, at: now)
        return call
    }

    /// Whether `number` looks like E.164: `+`, a non-zero digit, 7 to 15 digits in all.
    static func isE164(_ number: String) -> Bool {
        let digits = number.dropFirst()
        return number.first == "+" && (7...15).contains(digits.count) && digits.first != "0"
            && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// The field a decoding error is about, never the value (which may be a phone number).
    static func fieldName(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _): "\(key.stringValue) is required"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            context.codingPath.last.map { "\($0.stringValue) is invalid" } ?? "not a JSON object"
        default: "not a JSON object"
        }
    }
}
