/// What to do with a reported state for an attempt: move to it, or only record the event.
public enum CallTransition: Sendable, Equatable {
    /// Store the new state.
    case advance(to: CallState)
    /// Keep the event for the record but leave the state as it is.
    case recordOnly(CallTransition.Reason)

    /// Why a reported state was recorded but not applied.
    public enum Reason: String, Sendable, Equatable {
        /// The attempt is already in that state (a duplicate event).
        case duplicate
        /// The attempt already ended; terminal states never change.
        case alreadyTerminal = "already_terminal"
        /// The report is behind the current state (a late or out-of-order event).
        case stale
        /// The move makes no sense from the current state (for example `ringing` for an
        /// attempt never dialed); kept for investigation.
        case notAllowed = "not_allowed"
    }
}

extension CallState {
    /// Progress along `scheduled → dialing → initiating → ringing → in_progress → end`; `unknown`
    /// sits with `dialing`: both mean a request went out and nothing has been heard yet.
    private var progress: Int {
        switch self {
        case .scheduled: 0
        case .dialing, .unknown: 1
        case .initiating: 2
        case .ringing: 3
        case .inProgress: 4
        case .completed, .noAnswer, .busy, .failed, .skipped, .cancelled: 5
        }
    }

    /// States the provider reports for a call it knows about.
    private static let providerStates: Set<CallState> = [
        .initiating, .ringing, .inProgress, .completed, .noAnswer, .busy, .failed,
    ]

    /// Decides how a reported state changes this one.
    ///
    /// Provider states may skip steps but never go back; `unknown` may move to any provider
    /// state; only `dialing` may become `unknown`; only `scheduled` may become `dialing`,
    /// `skipped` or `cancelled`; a terminal state never changes.
    public func apply(_ reported: CallState) -> CallTransition {
        if reported == self { return .recordOnly(.duplicate) }
        if isTerminal { return .recordOnly(.alreadyTerminal) }
        switch (self, reported) {
        case (.scheduled, .dialing), (.scheduled, .skipped), (.scheduled, .cancelled), (.dialing, .unknown):
            return .advance(to: reported)
        case (_, _) where Self.providerStates.contains(reported) && self != .scheduled:
            return reported.progress > progress ? .advance(to: reported) : .recordOnly(.stale)
        default:
            return reported.progress < progress ? .recordOnly(.stale) : .recordOnly(.notAllowed)
        }
    }
}
