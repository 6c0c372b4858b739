/// `GET /v1/widget/transcript/{id}`: what was said, in order.
public struct Transcript: Sendable, Equatable {
    /// One turn of the conversation.
    public struct Entry: Sendable, Equatable {
        public var role: String
        public var text: String
    }

    public var sessionID: String
    public var entries: [Entry]
}

extension Transcript {
    /// A transcript as the provider's JSON gives it (`reminders classify FILE` reads saved ones).
    public static func decode(json body: [UInt8]) throws(VoiceAPIError) -> Transcript {
        try SessionDecoding.transcript(body, requestedID: "")
    }
}
