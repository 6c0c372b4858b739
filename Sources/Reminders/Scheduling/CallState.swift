/// The state of one call attempt; it only ever moves forward (see `apply(_:)`).
///
/// Raw values are the snake_case names used in the database and the provider's API.
public enum CallState: String, Sendable, Hashable, CaseIterable {
    /// Waiting for its due time; no request sent.
    case scheduled
    /// Written just before the dial request is sent, so a crash can be reconciled.
    case dialing
    /// The provider accepted the dial and is setting the call up.
    case initiating
    /// The contact's phone is ringing.
    case ringing
    /// The call was answered and is running.
    case inProgress = "in_progress"
    /// The call ended after being answered.
    case completed
    /// Nobody answered.
    case noAnswer = "no_answer"
    /// The line was busy.
    case busy
    /// The provider could not place or finish the call.
    case failed
    /// The request was sent but its outcome is not known; reconcile before any re-dial.
    case unknown
    /// Never dialed, by our decision (for example no calling window before the appointment).
    case skipped
    /// Never dialed because the campaign or contact was cancelled.
    case cancelled

    /// States that never change again.
    public static let terminal: Set<CallState> = [.completed, .noAnswer, .busy, .failed, .skipped, .cancelled]

    /// States in which a call may exist at the provider; a contact has at most one attempt in these.
    public static let live: Set<CallState> = [.dialing, .initiating, .ringing, .inProgress, .unknown]

    /// Whether the state never changes again.
    public var isTerminal: Bool { Self.terminal.contains(self) }

    /// Whether a call may exist at the provider in this state.
    public var isLive: Bool { Self.live.contains(self) }

    /// The outcome this state reports when it ends an attempt at the provider, if any.
    public var attemptOutcome: AttemptOutcome? { AttemptOutcome(rawValue: rawValue) }
}
