public import Foundation
import Reminders

/// Each pre-dial check on its own, for an operator's preview; the dial itself decides with
/// `DialGuard.check`, which these mirror check for check.
extension DialGuard {
    /// One check and whether it passes at the instant asked about.
    public struct Check: Sendable, Equatable {
        /// A short name: `campaign_state`, `suppression`, `appointment`, `calling_window`, `frequency_cap`.
        public let name: String
        public let passes: Bool
        /// Why, in a few words (never a number or a name).
        public let detail: String
    }

    /// Every check at `now`, in the order `check` applies them.
    public static func checks(_ facts: Facts, now: Date) -> [Check] {
        let latest = DueTime.latestStart(before: facts.appointment)
        let formatter = ISO8601DateFormatter()
        var checks = [
            Check(name: "campaign_state", passes: facts.campaignState == .active, detail: facts.campaignState.rawValue),
            Check(name: "contact", passes: !facts.contactCancelled, detail: facts.contactCancelled ? "cancelled" : "not cancelled"),
            Check(name: "suppression", passes: !facts.suppressed, detail: facts.suppressed ? "number is suppressed" : "not suppressed"),
            Check(
                name: "appointment", passes: now <= latest,
                detail: now <= latest ? "last call by \(formatter.string(from: latest))" : "too close to or past the appointment"),
        ]
        let open = facts.callingHours.contains(now, timeZone: facts.timeZone)
        let opening = facts.callingHours.nextOpening(atOrAfter: now, timeZone: facts.timeZone)
        checks.append(Check(
            name: "calling_window", passes: open,
            detail: open ? "open now" : opening.map { "opens \(formatter.string(from: $0))" } ?? "no opening ahead"))
        switch facts.frequencyCap.check(earlierDials: facts.otherDials, now: now) {
        case .allowed:
            checks.append(Check(name: "frequency_cap", passes: true, detail: "\(facts.otherDials.count) other reminder(s) in the last week"))
        case .wait(let until):
            checks.append(Check(name: "frequency_cap", passes: false, detail: "capped until \(formatter.string(from: until))"))
        }
        return checks
    }
}
