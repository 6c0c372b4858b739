/// What came of a dial, typed so each class leads to one kind of action.
public enum DialResult: Sendable, Equatable {
    /// The provider took the call and named it.
    case accepted(callID: String, status: CallStatus)
    /// 429: no call was placed; wait at least `retryAfter` when given.
    case rateLimited(retryAfter: Duration?)
    /// Refused for good (bad number, unverified caller id, no balance): do not repeat as is.
    case permanent(status: Int, message: String)
    /// No call was placed (the request was never sent): safe to dial again later.
    case transient(String)
    /// Sent but no usable answer (none in time, a 5xx, no call id): the call may exist;
    /// reconcile before dialing again.
    case ambiguous(String)
}
