/// `GET /voice/status/{id}`: where a call stands now.
public struct CallStatusReport: Sendable, Equatable {
    public var callID: String
    public var status: CallStatus
    /// Talk time in seconds, once known.
    public var duration: Int?
    public var recordingID: String?

    public init(callID: String, status: CallStatus, duration: Int? = nil, recordingID: String? = nil) {
        self.callID = callID
        self.status = status
        self.duration = duration
        self.recordingID = recordingID
    }
}
