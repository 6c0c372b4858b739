/// How the simulator picks each call's outcome.
///
/// `rules` decides by the destination number's last digit:
///
/// | last digit | outcome    |
/// |------------|------------|
/// | 0–5        | completed  |
/// | 6          | no_answer  |
/// | 7          | busy       |
/// | 8          | failed     |
/// | 9          | no_answer  |
///
/// `mix` draws from the seeded generator: 60% completed, 20% no_answer, 10% busy, 10% failed.
public enum OutcomePolicy: String, Sendable, Codable {
    case rules
    case mix

    /// The outcome for a call to `number`; `random` is drawn from only by `mix`.
    public func outcome(for number: String, random: inout SeededRandom) -> CallOutcome {
        switch self {
        case .rules:
            switch number.last {
            case "6", "9": return .noAnswer
            case "7": return .busy
            case "8": return .failed
            default: return .completed
            }
        case .mix:
            let draw = Int.random(in: 0..<100, using: &random)
            switch draw {
            case 0..<60: return .completed
            case 60..<80: return .noAnswer
            case 80..<90: return .busy
            default: return .failed
            }
        }
    }
}
