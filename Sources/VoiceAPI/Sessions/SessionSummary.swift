public import Foundation

/// One row of `GET /voice/sessions`.
public struct SessionSummary: Sendable, Equatable {
    public var callID: String
    public var status: CallStatus
    public var toNumber: String?
    public var agentID: String?
    public var createdAt: Date?
}
