public import Foundation

/// `GET /voice/sessions/{id}`: one call in full.
public struct SessionDetails: Sendable, Equatable {
    public var callID: String
    public var status: CallStatus
    public var agentID: String?
    public var toNumber: String?
    public var fromNumber: String?
    public var createdAt: Date?
    public var duration: Int?
    public var recordingID: String?
    public var reason: String?
}
