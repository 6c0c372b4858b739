import Foundation
import JSON

extension VoiceClient {
    /// `GET /voice/status/{id}`: the call's current status.
    public func status(callID: String) throws(VoiceAPIError) -> CallStatusReport {
        try SessionDecoding.statusReport(try request("GET", "/voice/status/" + Self.segment(callID)))
    }

    /// `GET /voice/sessions`: one page of calls matching `query`.
    public func sessions(_ query: SessionQuery = SessionQuery()) throws(VoiceAPIError) -> SessionPage {
        try SessionDecoding.page(try request("GET", "/voice/sessions", query: query.items))
    }

    /// `GET /voice/sessions/{id}`: one call in full.
    public func session(id: String) throws(VoiceAPIError) -> SessionDetails {
        try SessionDecoding.details(try request("GET", "/voice/sessions/" + Self.segment(id)))
    }

    /// `GET /v1/widget/transcript/{id}`: the conversation's transcript.
    public func transcript(sessionID: String) throws(VoiceAPIError) -> Transcript {
        try SessionDecoding.transcript(
            try request("GET", "/v1/widget/transcript/" + Self.segment(sessionID)), requestedID: sessionID)
    }

    /// `GET /voice/recording/{id}`: the recording's details.
    public func recording(id: String) throws(VoiceAPIError) -> Recording {
        try SessionDecoding.recording(try request("GET", "/voice/recording/" + Self.segment(id)), requestedID: id)
    }

    /// `POST /voice/end/{id}`: hangs up a live call; returns the status the provider reports, if any.
    @discardableResult
    public func end(sessionID: String) throws(VoiceAPIError) -> CallStatus? {
        let body = try request("POST", "/voice/end/" + Self.segment(sessionID), body: Array("{}".utf8))
        return JSONValue.parse(body)?.object?.firstString("status", "event").map(CallStatus.init(wireValue:))
    }

    /// `POST /voice/start`: opens a WebRTC session with `agentID` for a browser.
    public func startWebSession(agentID: String, context: [String: String] = [:]) throws(VoiceAPIError) -> WebSession {
        struct Body: Encodable {
            let agentID: String
            let context: [String: String]
            enum CodingKeys: String, CodingKey {
                case agentID = "agent_id"
                case context
            }
        }
        let body = (try? JSONEncoder().encode(Body(agentID: agentID, context: context))).map { [UInt8]($0) } ?? []
        return try SessionDecoding.webSession(try request("POST", "/voice/start", body: body))
    }
}
