import Foundation
import JSON

/// Tolerant readers for the provider's answers: aliases accepted, unknown fields ignored,
/// the fields we rely on required.
enum SessionDecoding {
    static func object(_ body: [UInt8]) throws(VoiceAPIError) -> [String: JSONValue] {
        guard let object = JSONValue.parse(body)?.object else { throw .invalidResponse("the body is not a JSON object") }
        return object
    }

    static func callID(_ object: [String: JSONValue]) throws(VoiceAPIError) -> String {
        guard let id = object.firstString("call_id", "session_id", "id") else {
            throw .invalidResponse("no call_id in the answer")
        }
        return id
    }

    static func status(_ object: [String: JSONValue]) throws(VoiceAPIError) -> CallStatus {
        guard let text = object.firstString("status", "event") else { throw .invalidResponse("no status in the answer") }
        return CallStatus(wireValue: text)
    }

    static func statusReport(_ body: [UInt8]) throws(VoiceAPIError) -> CallStatusReport {
        let object = try object(body)
        return CallStatusReport(
            callID: try callID(object), status: try status(object),
            duration: object["duration"]?.integer, recordingID: object.firstString("recording_id"))
    }

    static func summary(_ object: [String: JSONValue]) throws(VoiceAPIError) -> SessionSummary {
        SessionSummary(
            callID: try callID(object), status: try status(object), toNumber: object.firstString("to_number"),
            agentID: object.firstString("agent_id"), createdAt: object.firstString("created_at").flatMap(ISO8601.parse))
    }

    static func page(_ body: [UInt8]) throws(VoiceAPIError) -> SessionPage {
        let object = try object(body)
        guard let rows = (object["sessions"] ?? object["data"])?.array else {
            throw .invalidResponse("no sessions array in the answer")
        }
        var sessions: [SessionSummary] = []
        for row in rows {
            guard let rowObject = row.object else { throw .invalidResponse("a session row is not an object") }
            sessions.append(try summary(rowObject))
        }
        return SessionPage(sessions: sessions, total: object["total"]?.integer ?? sessions.count)
    }

    static func details(_ body: [UInt8]) throws(VoiceAPIError) -> SessionDetails {
        let object = try object(body)
        return SessionDetails(
            callID: try callID(object), status: try status(object), agentID: object.firstString("agent_id"),
            toNumber: object.firstString("to_number"), fromNumber: object.firstString("from_number"),
            createdAt: object.firstString("created_at").flatMap(ISO8601.parse), duration: object["duration"]?.integer,
            recordingID: object.firstString("recording_id"), reason: object.firstString("reason"), labels: labels(object))
    }

    /// The analysis labels of a call's details, in the order `SessionDetails.labels` documents.
    static func labels(_ object: [String: JSONValue]) -> [SessionDetails.Label] {
        var labels: [SessionDetails.Label] = []
        func read(_ fields: [String: JSONValue], prefix: String) {
            for key in ["outcome", "disposition", "call_outcome", "category", "result"] {
                if case .string(let value)? = fields[key] { labels.append(.init(field: prefix + key, value: value)) }
            }
            for key in ["tags", "categories", "dispositions"] {
                for (index, item) in (fields[key]?.array ?? []).enumerated() {
                    if case .string(let value) = item { labels.append(.init(field: "\(prefix)\(key)[\(index)]", value: value)) }
                }
            }
            for key in ["in_voicemail", "voicemail_detected", "voicemail"] {
                if case .bool(true)? = fields[key] { labels.append(.init(field: prefix + key, value: "voicemail")) }
            }
        }
        if let analysis = object["analysis"]?.object { read(analysis, prefix: "analysis.") }
        if let custom = object["analysis"]?.object?["custom_analysis_data"]?.object { read(custom, prefix: "analysis.custom_analysis_data.") }
        read(object, prefix: "")
        return labels
    }

    /// Accepts `transcript` as an array of turns (`role`/`speaker`, `text`/`content`/`message`) or one string.
    static func transcript(_ body: [UInt8], requestedID: String) throws(VoiceAPIError) -> Transcript {
        let object = try object(body)
        let sessionID = object.firstString("session_id", "call_id") ?? requestedID
        let value = object["transcript"] ?? object["messages"] ?? object["entries"]
        switch value {
        case .string(let text):
            return Transcript(sessionID: sessionID, entries: [.init(role: "unknown", text: text)])
        case .array(let turns):
            var entries: [Transcript.Entry] = []
            for turn in turns {
                guard let turn = turn.object, let text = turn.firstString("text", "content", "message") else {
                    throw .invalidResponse("a transcript turn has no text")
                }
                entries.append(.init(role: turn.firstString("role", "speaker") ?? "unknown", text: text))
            }
            return Transcript(sessionID: sessionID, entries: entries)
        case .null, nil:
            return Transcript(sessionID: sessionID, entries: [])
        default:
            throw .invalidResponse("the transcript is neither text nor a list")
        }
    }

    static func recording(_ body: [UInt8], requestedID: String) throws(VoiceAPIError) -> Recording {
        let object = try object(body)
        return Recording(
            recordingID: object.firstString("recording_id", "id") ?? requestedID,
            callID: object.firstString("call_id", "session_id"),
            url: object.firstString("url", "recording_url", "download_url"), duration: object["duration"]?.integer)
    }

    static func webSession(_ body: [UInt8]) throws(VoiceAPIError) -> WebSession {
        let object = try object(body)
        guard let sessionID = object.firstString("session_id", "call_id"), let token = object.firstString("token"),
            let url = object.firstString("livekit_url", "url")
        else { throw .invalidResponse("a WebRTC session needs session_id, token and livekit_url") }
        return WebSession(sessionID: sessionID, token: token, livekitURL: url)
    }
}
