/// What a patient answered on a reminder call: the names are a contract (reports, write-back).
public enum Answer: String, Sendable, Hashable, CaseIterable {
    case confirmed
    case cancelRequested = "cancel_requested"
    case rescheduleRequested = "reschedule_requested"
    case wrongNumber = "wrong_number"
    /// The call reached a voicemail greeting: not a reached patient.
    case voicemail
    /// Nothing in the call decides it; a person should look.
    case unclear
}

/// An answer and the evidence that decided it: `rule:<intent>:<phrase id>` for our classifier,
/// `rule:no_patient_words`, `rule:nothing_decisive`, or (from the provider) the field it came from.
/// Evidence never holds what was said.
public struct AnswerDecision: Sendable, Equatable {
    public let answer: Answer
    public let evidence: String

    public init(_ answer: Answer, evidence: String) {
        self.answer = answer
        self.evidence = evidence
    }
}
