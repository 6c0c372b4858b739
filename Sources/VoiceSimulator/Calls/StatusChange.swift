/// One status change of a simulated call, at a monotonic time.
public struct StatusChange: Sendable, Equatable {
    public var at: Duration
    public var status: String
    /// Talk time in seconds, on the terminal change.
    public var duration: Int?
    public var reason: String?
    /// Set on the terminal change of a recorded, completed call.
    public var recordingID: String?
}
