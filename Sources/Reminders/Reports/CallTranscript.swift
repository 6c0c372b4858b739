/// A completed call's transcript and recording details, fetched from the provider for
/// `report --with-transcripts`. What was said is health data: it goes only into the report file.
public struct CallTranscript: Sendable, Equatable {
    /// One turn of the conversation.
    public struct Turn: Sendable, Equatable {
        public var role: String
        public var text: String
        public init(role: String, text: String) {
            self.role = role
            self.text = text
        }
    }

    /// The contact's own identifier.
    public var contactID: String
    /// The provider's call id.
    public var callID: String
    /// The conversation, in order; empty when the provider has none or the fetch failed.
    public var turns: [Turn]
    /// The recording's id, when the call was recorded.
    public var recordingID: String?
    /// Where the provider serves the recording.
    public var recordingURL: String?
    /// The recording's length in seconds.
    public var recordingDuration: Int?
    /// Why the details could not be fetched, if they could not.
    public var error: String?

    /// Creates a transcript entry.
    public init(contactID: String, callID: String, turns: [Turn] = [], recordingID: String? = nil,
                recordingURL: String? = nil, recordingDuration: Int? = nil, error: String? = nil) {
        self.contactID = contactID
        self.callID = callID
        self.turns = turns
        self.recordingID = recordingID
        self.recordingURL = recordingURL
        self.recordingDuration = recordingDuration
        self.error = error
    }
}
