public import Foundation
public import Reminders

/// What `AttemptOutcomes` did to one attempt, and what followed for its contact.
public struct AttemptUpdate: Sendable, Equatable {
    public let attemptID: Int64
    /// The state before the update.
    public let previous: CallState
    /// Moved forward, or recorded only (duplicate, late, not allowed).
    public let transition: CallTransition
    /// Whether this update gave an attempt that had no call id (dialing / unknown) its call.
    public let adopted: Bool
    /// What happened to the contact.
    public let followUp: FollowUp

    /// The state after the update.
    public var current: CallState {
        if case .advance(let state) = transition { return state }
        return previous
    }
}

/// What happened to a contact after one of its attempts changed.
public enum FollowUp: Sendable, Equatable {
    /// Nothing: the attempt is still live, or the contact was already settled.
    case none
    /// The contact was settled, with a reason unless it was reached.
    case settled(ContactSettlement, reason: String?)
    /// A next attempt was scheduled.
    case retry(attemptID: Int64, dueAt: Date)
}
