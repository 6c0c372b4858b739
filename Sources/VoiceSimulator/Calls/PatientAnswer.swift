/// What the simulated patient answers on a completed call, so transcripts and call details agree
/// with the call's outcome and the demo and tests show answers end to end.
///
/// The destination number's second-to-last digit picks it (the last digit picks the outcome,
/// `OutcomePolicy.rules`):
///
/// | digit   | answer                 |
/// |---------|------------------------|
/// | 0–3, 9  | confirmed              |
/// | 4       | cancel_requested       |
/// | 5       | reschedule_requested   |
/// | 6       | wrong_number           |
/// | 7       | voicemail (the call is reported `completed`, as providers report voicemail) |
/// | 8       | unclear                |
///
/// The call details (`GET /voice/sessions/{id}`) carry the provider's own `analysis` with a
/// disposition tag when the number's third-to-last digit is even, and only a summary when it is
/// odd: so both sources of an answer (the provider's tags, our classifier) are exercised.
/// Spanish when the dial's context has a `locale` starting with `es`. Never echoes the context.
public enum PatientAnswer: String, Sendable, CaseIterable {
    case confirmed
    case cancelRequested = "cancel_requested"
    case rescheduleRequested = "reschedule_requested"
    case wrongNumber = "wrong_number"
    case voicemail
    case unclear

    /// The answer for a call to `number`.
    public static func forNumber(_ number: String) -> PatientAnswer {
        let digits = Array(number.filter(\.isNumber))
        guard digits.count >= 2 else { return .confirmed }
        switch digits[digits.count - 2] {
        case "4": return .cancelRequested
        case "5": return .rescheduleRequested
        case "6": return .wrongNumber
        case "7": return .voicemail
        case "8": return .unclear
        default: return .confirmed
        }
    }

    /// Whether the provider's analysis tags the call (third-to-last digit even).
    public static func isTagged(_ number: String) -> Bool {
        let digits = Array(number.filter(\.isNumber))
        guard digits.count >= 3, let digit = digits[digits.count - 3].wholeNumberValue else { return false }
        return digit % 2 == 0
    }

    /// The provider's disposition tag for this answer (its own vocabulary, which campaigns map
    /// to ours); nil for `unclear`, which no agent tags.
    public var providerTag: String? {
        switch self {
        case .confirmed: "Appointment Confirmed"
        case .cancelRequested: "Cancellation"
        case .rescheduleRequested: "Reschedule Request"
        case .wrongNumber: "Wrong Number"
        case .voicemail: "Voicemail"
        case .unclear: nil
        }
    }

    /// The conversation, as `(role, text)` turns.
    public func turns(spanish: Bool) -> [(role: String, text: String)] {
        let agentOpening = spanish
            ? "Hola, le llamamos de su clínica para recordarle su cita de mañana. ¿Nos confirma su asistencia?"
            : "Hello, this is a reminder of your appointment tomorrow. Will you be able to make it?"
        switch (self, spanish) {
        case (.voicemail, false):
            return [("user", "Hi, you've reached this number. I can't take your call right now, please leave a message after the tone."),
                    ("agent", "Hello, this is a reminder of your appointment tomorrow. Please call us if you need to change it.")]
        case (.voicemail, true):
            return [("user", "El número que usted marcó no está disponible. Deje su mensaje después del tono."),
                    ("agent", "Hola, le llamamos para recordarle su cita de mañana. Si necesita cambiarla, llámenos.")]
        case (.confirmed, false): return [("agent", agentOpening), ("user", "Yes, I'll be there. Thank you.")]
        case (.confirmed, true): return [("agent", agentOpening), ("user", "Sí, claro, ahí estaré. Gracias.")]
        case (.cancelRequested, false):
            return [("agent", agentOpening), ("user", "No, I won't be able to come. Please cancel it.")]
        case (.cancelRequested, true):
            return [("agent", agentOpening), ("user", "No voy a poder ir, por favor cancélela.")]
        case (.rescheduleRequested, false):
            return [("agent", agentOpening), ("user", "Tomorrow doesn't work. Can we move it to another day next week?")]
        case (.rescheduleRequested, true):
            return [("agent", agentOpening), ("user", "Mañana no puedo. ¿Se puede cambiar para la próxima semana?")]
        case (.wrongNumber, false):
            return [("agent", agentOpening), ("user", "I think you have the wrong number, nobody by that name lives here.")]
        case (.wrongNumber, true):
            return [("agent", agentOpening), ("user", "Creo que se equivocó de número, aquí no vive nadie con ese nombre.")]
        case (.unclear, false): return [("agent", agentOpening), ("user", "Hello? Sorry, who is this?")]
        case (.unclear, true): return [("agent", agentOpening), ("user", "¿Bueno? ¿Quién habla?")]
        }
    }

    /// The call details' `analysis` summary.
    public var summary: String {
        switch self {
        case .confirmed: "The patient confirmed the appointment."
        case .cancelRequested: "The patient asked to cancel the appointment."
        case .rescheduleRequested: "The patient asked for another date."
        case .wrongNumber: "The person reached is not the patient."
        case .voicemail: "The call reached voicemail; a message was left."
        case .unclear: "The conversation did not reach a decision."
        }
    }
}
