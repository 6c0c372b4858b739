public import Foundation

/// The body of `POST /voice/outbound/dial`, in the provider's snake_case JSON.
public struct DialRequest: Sendable, Equatable, Codable {
    /// The voice agent that speaks on the call.
    public var agentID: String
    /// The destination, in E.164 (`+15551230134`).
    public var toNumber: String
    /// The verified caller id.
    public var fromNumber: String
    /// Values handed to the agent's prompt; health data, never logged.
    public var context: [String: String]
    /// The longest the call may last, in seconds; the provider's default is 600.
    public var maxDuration: Int?
    /// Whether the provider records the call.
    public var recording: Bool?
    /// When the provider should place the call; nil means now.
    public var scheduledAt: Date?
    /// Where the provider posts status events.
    public var webhookURL: String?

    /// Creates a dial request.
    public init(
        agentID: String, toNumber: String, fromNumber: String, context: [String: String] = [:],
        maxDuration: Int? = nil, recording: Bool? = nil, scheduledAt: Date? = nil, webhookURL: String? = nil
    ) {
        self.agentID = agentID
        self.toNumber = toNumber
        self.fromNumber = fromNumber
        self.context = context
        self.maxDuration = maxDuration
        self.recording = recording
        self.scheduledAt = scheduledAt
        self.webhookURL = webhookURL
    }

    enum CodingKeys: String, CodingKey {
        case agentID = "agent_id"
        case toNumber = "to_number"
        case fromNumber = "from_number"
        case context
        case maxDuration = "max_duration"
        case recording
        case scheduledAt = "scheduled_at"
        case webhookURL = "webhook_url"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        agentID = try container.decode(String.self, forKey: .agentID)
        toNumber = try container.decode(String.self, forKey: .toNumber)
        fromNumber = try container.decode(String.self, forKey: .fromNumber)
        context = try container.decodeIfPresent([String: String].self, forKey: .context) ?? [:]
        maxDuration = try container.decodeIfPresent(Int.self, forKey: .maxDuration)
        recording = try container.decodeIfPresent(Bool.self, forKey: .recording)
        webhookURL = try container.decodeIfPresent(String.self, forKey: .webhookURL)
        if let text = try container.decodeIfPresent(String.self, forKey: .scheduledAt) {
            guard let date = ISO8601.parse(text) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .scheduledAt, in: container, debugDescription: "scheduled_at is not ISO 8601")
            }
            scheduledAt = date
        } else {
            scheduledAt = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(agentID, forKey: .agentID)
        try container.encode(toNumber, forKey: .toNumber)
        try container.encode(fromNumber, forKey: .fromNumber)
        if !context.isEmpty { try container.encode(context, forKey: .context) }
        try container.encodeIfPresent(maxDuration, forKey: .maxDuration)
        try container.encodeIfPresent(recording, forKey: .recording)
        try container.encodeIfPresent(scheduledAt.map(ISO8601.format), forKey: .scheduledAt)
        try container.encodeIfPresent(webhookURL, forKey: .webhookURL)
    }

    /// The JSON body as sent on the wire (sorted keys, so it is stable for tests and logs).
    public func jsonBody() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings, ints and bools cannot fail; an empty body would be refused loudly by the provider.
        return (try? [UInt8](encoder.encode(self))) ?? []
    }
}
