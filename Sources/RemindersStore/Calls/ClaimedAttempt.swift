public import Foundation
public import Reminders

/// An attempt this worker claimed (now `dialing`) and may dial: everything the request needs.
public struct ClaimedAttempt: Sendable, Equatable {
    public let id: Int64
    public let contactID: Int64
    /// The contact's id in the practice system (what a source recheck asks about).
    public let externalID: String
    public let attemptNumber: Int
    public let toNumber: String
    /// The attempt's own token for its webhook URL.
    public let webhookToken: String
    /// The rendered dial context; health data, never logged.
    public let context: [String: String]
    public let campaign: Campaign
    public let campaignID: Int64
    /// Set in submit-ahead mode: when the provider should place the call.
    public let scheduledAt: Date?
    /// Failures so far that did not use up the attempt (they drive the backoff).
    public let transientFailures: Int
}
