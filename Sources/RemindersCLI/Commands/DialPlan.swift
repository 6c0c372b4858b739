import Foundation
import Reminders

/// The schedule a batch would follow: the GCRA simulated over the due attempts in due order,
/// each moved into its contact's calling window. Pure, so it is tested without a database.
struct DialPlan {
    /// A scheduled attempt as the plan sees it.
    struct Pending {
        let attemptID: Int64
        let dueAt: Date
        let timeZone: TimeZone
        let zoneName: String
        let appointment: Date
        /// The contact's own id (an appointment id): never a name.
        let label: String
        let maskedNumber: String
    }

    /// One planned call: when it would go, or nil when it would miss its appointment.
    struct Entry {
        let pending: Pending
        let at: Date?
    }

    let entries: [Entry]

    /// Simulates the dials from `now`, reserving slots exactly as the dispatcher does
    /// (`RateBucket.reserve`, the arithmetic the store runs in SQL).
    static func make(_ pending: [Pending], campaign: Campaign, now: Date) -> DialPlan {
        let limit = campaign.rateLimit
        var bucket = RateBucket()
        var entries: [Entry] = []
        for item in pending.sorted(by: { ($0.dueAt, $0.appointment) < ($1.dueAt, $1.appointment) }) {
            let latest = DueTime.latestStart(before: item.appointment)
            var at = max(item.dueAt, now)
            var placed: Date?
            // Alternate between the window and the bucket until both agree (a few rounds at most).
            for _ in 0..<8 {
                guard let opening = campaign.callingHours.nextOpening(atOrAfter: at, timeZone: item.timeZone), opening <= latest
                else { break }
                var trial = bucket
                let slot = trial.reserve(limit, now: opening)
                guard slot == opening else {
                    at = slot
                    continue
                }
                bucket = trial
                placed = slot
                break
            }
            entries.append(Entry(pending: item, at: placed))
        }
        return DialPlan(entries: entries)
    }

    /// The plan as text: summary, misses by time zone, and the calls.
    func render(campaign: Campaign, state: String, listAll: Bool) -> String {
        let formatter = ISO8601DateFormatter()
        let missed = entries.filter { $0.at == nil }
        var lines = ["Campaign \(campaign.name) (\(state)): \(entries.count) pending call\(entries.count == 1 ? "" : "s") at \(campaign.rateLimit.perMinute)/min."]
        if let first = entries.compactMap(\.at).min(), let last = entries.compactMap(\.at).max() {
            lines.append("First call \(formatter.string(from: first)), last \(formatter.string(from: last)).")
        }
        if missed.isEmpty {
            lines.append("Every call fits its calling window before its appointment.")
        } else {
            lines.append("\(missed.count) would miss their appointment at this rate:")
            let byZone = Dictionary(grouping: missed, by: \.pending.zoneName)
            for zone in byZone.keys.sorted() { lines.append("  \(zone): \(byZone[zone]?.count ?? 0)") }
        }
        let shown = listAll ? entries : Array(entries.prefix(Self.defaultListed))
        if !shown.isEmpty {
            lines.append("")
            for entry in shown {
                let when = entry.at.map { formatter.string(from: $0) } ?? "MISSES (no window before the appointment)"
                lines.append("  \(entry.pending.label)  \(entry.pending.maskedNumber)  \(entry.pending.zoneName)  \(when)")
            }
            if shown.count < entries.count { lines.append("  … \(entries.count - shown.count) more (--list shows all)") }
        }
        return lines.joined(separator: "\n")
    }

    /// Calls listed without `--list`: a screenful.
    static let defaultListed = 20
}
