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
    /// What the provider's analysis says the call came to, read tolerantly wherever it appears
    /// (`analysis.outcome`, `analysis.disposition`, `analysis.tags`, `disposition`, `outcome`,
    /// `tags`, `category`, `in_voicemail`…), in that order, as `(field, label)`.
    public var labels: [Label] = []

    /// One label of the provider's analysis and the field it came from.
    public struct Label: Sendable, Equatable {
        public var field: String
        public var value: String
    }
}
