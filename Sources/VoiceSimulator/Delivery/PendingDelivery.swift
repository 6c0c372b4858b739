/// A webhook waiting to be posted.
public struct PendingDelivery: Sendable, Equatable {
    public var id: Int
    public var callID: String
    public var url: String
    public var payload: [UInt8]
    /// The status it reports (`ringing`, …).
    public var event: String
    /// When the reported change happened; `POST /voice/end` cancels deliveries of changes after it.
    public var eventAt: Duration
    /// When to post it.
    public var due: Duration
    /// 1 for the first try.
    public var attempt: Int
}
