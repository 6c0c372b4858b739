/// How a contact's reminder was settled once no further attempt will be made.
public enum ContactOutcome: Sendable, Hashable {
    /// An attempt completed: the contact heard the reminder.
    case reached
    /// No attempt completed, for the given reason.
    case notReached(NotReachedReason)

    /// The snake_case status stored for the contact.
    public var status: String {
        switch self {
        case .reached: "reached"
        case .notReached: "not_reached"
        }
    }
}

/// Why a contact was not reached.
public enum NotReachedReason: Sendable, Hashable, CustomStringConvertible {
    /// Every allowed attempt was made; the last ended this way.
    case attemptsExhausted(last: AttemptOutcome)
    /// The campaign does not retry this outcome.
    case outcomeNotRetried(AttemptOutcome)
    /// A retry could not fit in a calling window before the appointment.
    case noWindowBeforeAppointment(last: AttemptOutcome)

    /// A short snake_case reason for reports, such as `attempts_exhausted:no_answer`.
    public var description: String {
        switch self {
        case .attemptsExhausted(let last): "attempts_exhausted:\(last.rawValue)"
        case .outcomeNotRetried(let outcome): "not_retried:\(outcome.rawValue)"
        case .noWindowBeforeAppointment(let last): "no_window_before_appointment:\(last.rawValue)"
        }
    }
}
