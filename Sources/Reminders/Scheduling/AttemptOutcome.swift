/// How an attempt ended at the provider; the retry policy decides what follows.
public enum AttemptOutcome: String, Sendable, Hashable, CaseIterable {
    /// The contact answered and the call ran.
    case completed
    /// Nobody answered.
    case noAnswer = "no_answer"
    /// The line was busy.
    case busy
    /// The call could not be placed or finished.
    case failed
    /// The provider reported `completed`, and what answered was a voicemail greeting (learnt
    /// from the call's details or transcript afterwards): not a reached patient.
    case voicemail

    /// Outcomes a campaign may list under `retry.on`.
    public static let retryable: Set<AttemptOutcome> = [.noAnswer, .busy, .failed, .voicemail]
}
