/// The life a simulated call will live: its status changes in time order (pure).
public enum CallLife {
    /// The changes of a call that starts at `start` and ends with `outcome`; talk is cut at `maxDuration` seconds.
    public static func timeline(
        outcome: CallOutcome, start: Duration, timing: CallTiming, maxDuration: Int
    ) -> [StatusChange] {
        var changes = [StatusChange(at: start, status: "initiating")]
        let ringing = start + timing.ring
        switch outcome {
        case .completed:
            let answered = ringing + timing.answer
            let talk = min(timing.talk, .seconds(max(maxDuration, 0)))
            let (whole, fraction) = talk.components
            let seconds = Int(whole) + (fraction >= 500_000_000_000_000_000 ? 1 : 0)
            changes.append(StatusChange(at: ringing, status: "ringing"))
            changes.append(StatusChange(at: answered, status: "in_progress"))
            changes.append(
                StatusChange(
                    at: answered + talk, status: "completed", duration: seconds,
                    reason: talk < timing.talk ? "max_duration" : "hangup"))
        case .noAnswer:
            changes.append(StatusChange(at: ringing, status: "ringing"))
            changes.append(
                StatusChange(at: ringing + timing.noAnswerAfter, status: "no_answer", duration: 0, reason: "no_answer"))
        case .busy:
            changes.append(StatusChange(at: ringing, status: "busy", duration: 0, reason: "busy"))
        case .failed:
            changes.append(StatusChange(at: ringing, status: "failed", duration: 0, reason: "carrier_rejected"))
        }
        return changes
    }

    /// The status at `now`: the last change not after it, or nil before the call starts.
    public static func status(in changes: [StatusChange], at now: Duration) -> StatusChange? {
        changes.last { $0.at <= now }
    }

    static let terminalStatuses: Set<String> = ["completed", "no_answer", "busy", "failed"]
}
