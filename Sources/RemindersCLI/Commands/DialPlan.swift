import Foundation
import Reminders

/// The schedule a batch would follow, simulated slot by slot as the dispatcher works: it takes
/// the next slot the rate bucket gives, and at that instant claims, among the attempts due and
/// inside their contact's calling window, the one with the earliest appointment (the claim's
/// order), or waits for the next opening when none can go. Pure, so it is tested without a database.
struct DialPlan {
    /// A scheduled attempt as the plan sees it.
    struct Pending {
        let attemptID: Int64
        let dueAt: Date
        /// nil when this machine does not know the contact's zone: the run would settle it
        /// `time_zone_unknown`, so the plan counts it as a miss.
        let timeZone: TimeZone?
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

    /// The calls in the order they would go, then those that would miss their appointment.
    let entries: [Entry]

    /// Simulates the dials from `now`, reserving slots exactly as the dispatcher does
    /// (`RateBucket.reserve`, the arithmetic the store runs in SQL).
    static func make(_ pending: [Pending], campaign: Campaign, now: Date) -> DialPlan {
        let limit = campaign.rateLimit
        let hours = campaign.callingHours
        var bucket = RateBucket()
        var waiting = pending
        var placed: [Entry] = []
        var missed: [Entry] = []
        var clock = now
        while !waiting.isEmpty {
            // When each attempt could next go: due, inside its window, no later than its last call.
            var earliest: Date?
            waiting.removeAll { item in
                let latest = DueTime.latestStart(before: item.appointment)
                guard let zone = item.timeZone,
                    let opening = hours.nextOpening(atOrAfter: max(item.dueAt, clock), timeZone: zone), opening <= latest
                else {
                    missed.append(Entry(pending: item, at: nil))
                    return true
                }
                earliest = min(earliest ?? opening, opening)
                return false
            }
            guard let earliest else { break }
            var trial = bucket
            let slot = trial.reserve(limit, now: earliest)
            clock = slot
            // The claim at `slot`: the earliest appointment among the attempts that can go then.
            let ready = waiting.indices.filter { index in
                let item = waiting[index]
                guard let zone = item.timeZone else { return false }
                return item.dueAt <= slot && slot <= DueTime.latestStart(before: item.appointment)
                    && hours.nextOpening(atOrAfter: slot, timeZone: zone) == slot
            }
            guard let chosen = ready.min(by: { a, b in
                (waiting[a].appointment, waiting[a].dueAt, waiting[a].attemptID) < (waiting[b].appointment, waiting[b].dueAt, waiting[b].attemptID)
            }) else { continue }  // nobody can go at that slot: look again from it
            bucket = trial
            placed.append(Entry(pending: waiting.remove(at: chosen), at: slot))
        }
        return DialPlan(entries: placed + missed)
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
