/// `GET /voice/recording/{id}`: where a recording can be fetched.
public struct Recording: Sendable, Equatable {
    public var recordingID: String
    public var callID: String?
    public var url: String?
    public var duration: Int?
}
