public import Foundation
import JSON

/// One status event the provider posted to a webhook URL.
public struct WebhookEvent: Sendable, Equatable {
    /// Largest body accepted: real events are a few hundred bytes; more is abuse or a mistake.
    public static let maxBodyBytes = 16 * 1024
    /// Longest string field accepted (ids, statuses, reasons).
    public static let maxStringLength = 512

    public var callID: String
    /// The status; an unknown one is `.unrecognized` and must not change a call's state.
    public var status: CallStatus
    /// When the provider says the status changed, if it said and it parsed.
    public var timestamp: Date?
    /// Talk time in seconds.
    public var duration: Int?
    public var recordingID: String?
    public var reason: String?
    /// The body exactly as received, for the event log.
    public var rawJSON: String

    public init(
        callID: String, status: CallStatus, timestamp: Date? = nil, duration: Int? = nil, recordingID: String? = nil,
        reason: String? = nil, rawJSON: String
    ) {
        self.callID = callID
        self.status = status
        self.timestamp = timestamp
        self.duration = duration
        self.recordingID = recordingID
        self.reason = reason
        self.rawJSON = rawJSON
    }

    /// Reads a webhook body: the event, or why it was refused.
    ///
    /// Tolerant where providers vary (`session_id` for `call_id`; `event` minus `call.` for `status`;
    /// unknown fields ignored), strict about what we need (a call id and a status).
    public static func decode(_ body: [UInt8]) -> Result<WebhookEvent, WebhookRejection> {
        guard body.count <= maxBodyBytes else { return .failure(.tooLarge(bytes: body.count)) }
        guard let text = String(validating: body, as: UTF8.self) else { return .failure(.notUTF8) }
        guard let value = JSONValue.parse(body) else { return .failure(.notJSON) }
        guard let object = value.object else { return .failure(.notAnObject) }
        for (key, field) in object {
            if let string = field.string, string.count > maxStringLength {
                return .failure(.fieldTooLong(field: key))
            }
        }
        guard let callID = object.firstString("call_id", "session_id") else { return .failure(.missingCallID) }
        guard let statusText = object.firstString("status", "event") else { return .failure(.missingStatus) }
        var duration: Int?
        if let field = object["duration"], field != .null {
            guard let seconds = field.integer, seconds >= 0 else { return .failure(.invalidField(field: "duration")) }
            duration = seconds
        }
        return .success(
            WebhookEvent(
                callID: callID, status: CallStatus(wireValue: statusText),
                timestamp: object.firstString("timestamp").flatMap(ISO8601.parse), duration: duration,
                recordingID: object.firstString("recording_id"), reason: object.firstString("reason"), rawJSON: text))
    }
}
