import Foundation
import VoiceAPI

extension SimulatorCore {
    /// The status a call has at `now` (`scheduled` before it starts).
    func currentChange(_ call: SimulatedCall, at now: Duration) -> StatusChange {
        CallLife.status(in: call.timeline, at: now)
            ?? StatusChange(at: call.createdAt, status: "scheduled")
    }

    func statusAnswer(id: String, at now: Duration) -> SimulatorResponse {
        guard let call = calls[id] else { return .error(404, "no such call") }
        let change = currentChange(call, at: now)
        return .json(
            200,
            .object([
                ("call_id", .string(id)), ("status", .string(change.status)), ("duration", .optional(change.duration)),
                ("recording_id", .optional(CallLife.terminalStatuses.contains(change.status) ? call.recordingID : nil)),
            ]))
    }

    func summary(_ call: SimulatedCall, at now: Duration) -> [(String, WireJSON)] {
        [
            ("call_id", .string(call.id)), ("status", .string(currentChange(call, at: now).status)),
            ("to_number", .string(call.request.toNumber)), ("agent_id", .string(call.request.agentID)),
            ("created_at", .string(timestamp(call.createdAt))),
        ]
    }

    /// `GET /voice/sessions`: filters `agent_id`, `status`, `start_date`, `end_date`; `limit` (default 20, max 100), `offset`.
    func listSessions(query: String?, at now: Duration) -> SimulatorResponse {
        let parameters = Self.queryParameters(query)
        var limit = 20
        if let text = parameters["limit"] {
            guard let value = Int(text), value >= 1 else { return .error(422, "limit must be a positive integer") }
            limit = min(value, SessionQuery.maxLimit)
        }
        var offset = 0
        if let text = parameters["offset"] {
            guard let value = Int(text), value >= 0 else { return .error(422, "offset must be a non-negative integer") }
            offset = value
        }
        var startDate: Date?
        var endDate: Date?
        for (key, target) in [("start_date", 0), ("end_date", 1)] {
            guard let text = parameters[key] else { continue }
            guard let date = ISO8601.parse(text) else { return .error(422, "\(key) must be ISO 8601") }
            if target == 0 { startDate = date } else { endDate = date }
        }
        let matching = callOrder.compactMap { calls[$0] }.filter { call in
            if let agent = parameters["agent_id"], call.request.agentID != agent { return false }
            if let status = parameters["status"], currentChange(call, at: now).status != status { return false }
            let created = wallClock(call.createdAt)
            if let startDate, created < startDate { return false }
            if let endDate, created > endDate { return false }
            return true
        }
        let page = matching.dropFirst(offset).prefix(limit)
        return .json(
            200,
            .object([
                ("sessions", .array(page.map { .object(summary($0, at: now)) })), ("total", .int(matching.count)),
            ]))
    }

    func sessionDetails(id: String, at now: Duration) -> SimulatorResponse {
        guard let call = calls[id] else { return .error(404, "no such session") }
        let change = currentChange(call, at: now)
        let ended = CallLife.terminalStatuses.contains(change.status)
        return .json(
            200,
            .object(
                summary(call, at: now) + [
                    ("from_number", .string(call.request.fromNumber)), ("duration", .optional(change.duration)),
                    ("recording_id", .optional(ended ? call.recordingID : nil)), ("reason", .optional(change.reason)),
                ] + (change.status == "completed" ? [("analysis", analysis(call))] : [])))
    }

    /// A completed call's transcript: the patient's answer picked by its number (`PatientAnswer`);
    /// never echoes the call's context (health data).
    mutating func transcript(id: String, at now: Duration) -> SimulatorResponse {
        guard let call = calls[id] else { return .error(404, "no such session") }
        if random.chance(configuration.faults.applying(to: call.request.toNumber).transcriptServerError) {
            return .error(503, "transcript temporarily unavailable")
        }
        let completed = currentChange(call, at: now).status == "completed"
        let turns: [WireJSON] = completed
            ? PatientAnswer.forNumber(call.request.toNumber).turns(spanish: Self.speaksSpanish(call)).map {
                .object([("role", .string($0.role)), ("text", .string($0.text))])
            } : []
        return .json(200, .object([("session_id", .string(id)), ("transcript", .array(turns))]))
    }

    /// Whether the call's context asks for Spanish (`locale` starting with `es`).
    static func speaksSpanish(_ call: SimulatedCall) -> Bool {
        call.request.context["locale"]?.lowercased().hasPrefix("es") == true
    }

    /// A completed call's `analysis`, as the provider's newer API carries it: a summary, and a
    /// disposition in `outcome` and `tags` on the calls `PatientAnswer.isTagged` picks.
    func analysis(_ call: SimulatedCall) -> WireJSON {
        let answer = PatientAnswer.forNumber(call.request.toNumber)
        var fields: [(String, WireJSON)] = [("summary", .string(answer.summary))]
        if PatientAnswer.isTagged(call.request.toNumber), let tag = answer.providerTag {
            fields += [("outcome", .string(tag)), ("tags", .array([.string(tag)]))]
        }
        return .object(fields)
    }

    func recording(id: String, at now: Duration) -> SimulatorResponse {
        guard let call = calls.values.first(where: { $0.recordingID == id }),
            currentChange(call, at: now).status == "completed"
        else { return .error(404, "no such recording") }
        return .json(
            200,
            .object([
                ("recording_id", .string(id)), ("call_id", .string(call.id)),
                ("url", .string("http://127.0.0.1/recordings/\(id).mp3")),
                ("duration", .optional(call.timeline.last?.duration)), ("format", .string("mp3")),
            ]))
    }

    /// `POST /voice/end/{id}`: a live call ends now (completed if talking, else failed); an ended one is left as is.
    mutating func end(id: String, at now: Duration) -> SimulatorResponse {
        guard var call = calls[id] else { return .error(404, "no such session") }
        let current = currentChange(call, at: now)
        if !CallLife.terminalStatuses.contains(current.status) {
            call.timeline.removeAll { $0.at > now }
            let talking = current.status == "in_progress"
            let talked = talking ? now - current.at : .zero
            let ending = StatusChange(
                at: now, status: talking ? "completed" : "failed", duration: Int(talked.components.seconds),
                reason: "ended_by_api")
            call.timeline.append(ending)
            if !talking { call.recordingID = nil }
            calls[id] = call
            pending.removeAll { $0.callID == id && $0.eventAt > now }
            planWebhooks(for: call, changes: [ending], at: now)
        }
        let final = currentChange(call, at: now)
        return .json(200, .object([("call_id", .string(id)), ("status", .string(final.status))]))
    }

    /// `POST /voice/start`: a WebRTC session for `agent_id`.
    mutating func startWebSession(_ body: [UInt8]) -> SimulatorResponse {
        struct Body: Decodable { let agent_id: String }
        guard (try? JSONDecoder().decode(Body.self, from: Data(body))) != nil else {
            return .error(422, "agent_id is required")
        }
        let sessionID = newID("ws_")
        let token = newID("tok_") + newID("")
        return .json(
            200,
            .object([
                ("session_id", .string(sessionID)), ("token", .string(token)),
                ("livekit_url", .string("ws://127.0.0.1:7880")),
            ]))
    }

    /// Decodes `a=1&b=x%20y` (and `+` as space); a repeated name keeps its last value.
    static func queryParameters(_ query: String?) -> [String: String] {
        var parameters: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                String(text).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
            }
            parameters[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return parameters
    }
}
