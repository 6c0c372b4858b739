public import Reminders
/// What one run did, printed at its end and stored as the run's summary.
public struct DispatchSummary: Sendable, Equatable {
    /// Dials the provider accepted.
    public var accepted = 0
    /// Dials refused with 429 (not used up; retried).
    public var rateLimited = 0
    /// Dials that failed transiently (not used up; retried with backoff).
    public var transient = 0
    /// Dials refused for good.
    public var refused = 0
    /// Dials sent with no usable answer (reconciled).
    public var ambiguous = 0
    /// Claimed attempts rescheduled or settled by a pre-dial check.
    public var notDialed = 0
    /// Ambiguous or abandoned dials matched to a provider call.
    public var adopted = 0
    /// Ambiguous dials the provider never received, dialed again.
    public var redialed = 0
    /// Status polls made.
    public var polls = 0
    /// Accepted dials whose call id differs from the one their webhooks named first (flagged).
    public var callIDDisagreements = 0
    /// Calls queued ahead (`submit_ahead`) ended before their time by an opt-out or a cancellation.
    public var queuedCallsEnded = 0
    /// Answers recorded for completed calls, by answer.
    public var answers: [Answer: Int] = [:]
    /// Why the run ended.
    public var ending: Ending = .stopped
    /// The provider's refusal of the account or the campaign's setup that ended the run, if one did.
    public var accountRefusal: String?

    /// Why a run ended.
    public enum Ending: String, Sendable, Equatable {
        case settled = "every contact settled"
        case untilReached = "--until reached"
        case nothingBeforeUntil = "nothing more due before --until"
        case paused = "only paused campaigns are left"
        case stopped = "stop requested"
        case accountRefused = "the provider refused this account's dials; contacts left pending"
    }

    public init() {}

    /// The counts by name, for the run's stored summary.
    public var counts: [String: Int] {
        ["accepted": accepted, "rate_limited": rateLimited, "transient": transient, "refused": refused,
         "ambiguous": ambiguous, "not_dialed": notDialed, "adopted": adopted, "redialed": redialed, "polls": polls,
         "call_id_disagreements": callIDDisagreements, "queued_calls_ended": queuedCallsEnded]
    }
}
