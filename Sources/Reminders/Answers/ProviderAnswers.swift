/// The provider's own word on a call (its analysis' outcome, disposition or tags), mapped to our
/// answers: the first source of an answer, before our classifier reads the transcript.
///
/// Labels are compared in lower case with `_`, `-` and repeated spaces as one space. The
/// campaign's `answers` key maps its agent's labels; these common ones are known without it.
public enum ProviderAnswers {
    /// Labels providers and agents commonly use, and ours.
    public static let defaults: [String: Answer] = {
        var map: [String: Answer] = [:]
        for answer in Answer.allCases { map[normalized(answer.rawValue)] = answer }
        let known: [(Answer, [String])] = [
            (.confirmed, ["confirmed", "appointment confirmed", "confirm", "will attend", "attending"]),
            (.cancelRequested, ["cancel", "cancelled", "canceled", "cancellation", "cancel request", "wants to cancel"]),
            (.rescheduleRequested, ["reschedule", "rescheduled", "reschedule request", "wants to reschedule", "rebook"]),
            (.wrongNumber, ["wrong number", "wrong person", "not the patient"]),
            (.voicemail, ["voicemail", "voice mail", "answering machine", "machine", "left voicemail", "left message"]),
        ]
        for (answer, labels) in known { for label in labels { map[normalized(label)] = answer } }
        return map
    }()

    /// The answer the first label with a mapping gives (`mapping` first, then `defaults`), with
    /// the field it came from as evidence (`provider:analysis.tags[0]`); nil when none maps.
    public static func decide(_ labels: [(field: String, value: String)], mapping: [String: Answer] = [:]) -> AnswerDecision? {
        let campaign = Dictionary(mapping.map { (normalized($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        for label in labels {
            let key = normalized(label.value)
            if let answer = campaign[key] ?? defaults[key] {
                return AnswerDecision(answer, evidence: "provider:\(label.field)")
            }
        }
        return nil
    }

    /// `label` in lower case, `_` and `-` as spaces, runs of spaces as one.
    public static func normalized(_ label: String) -> String {
        String(label.lowercased().map { $0 == "_" || $0 == "-" ? " " : $0 }).split(separator: " ").joined(separator: " ")
    }
}
