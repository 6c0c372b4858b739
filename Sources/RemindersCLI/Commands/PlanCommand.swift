import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore

/// `reminders plan --campaign NAME`: when each pending call would go, and whether the batch fits
/// its calling windows at the rate limit.
enum PlanCommand: Command {
    static let spec = CommandSpec(
        name: "plan",
        summary: "Show when each pending call would go and whether the batch fits its calling windows.",
        options: [
            .init("campaign", value: "NAME", help: "The campaign to plan (required)."),
            .init("list", help: "List every call, not only the summary."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: "A dry run: nothing is changed. Numbers are masked and names never shown."
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        guard let name = arguments.value("campaign") else { throw CommandError("--campaign NAME is required") }
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let stored = try CampaignStore.load(name: name, db)
        let rows = try db.query("""
            SELECT a.id, a.due_at, a.to_number, ct.external_id, ct.timezone, ct.appointment_at
              FROM call_attempts a JOIN contacts ct ON ct.id = a.contact_id
             WHERE a.campaign_id = \(stored.id) AND a.kind = 'campaign' AND a.state = 'scheduled'
             ORDER BY a.due_at, ct.appointment_at, a.id
            """)
        let pending = try rows.map { row in
            let zoneName = try row.decode("timezone", as: String.self)
            return DialPlan.Pending(
                attemptID: try row.decode("id"), dueAt: try row.decode("due_at"),
                timeZone: Campaign.ianaTimeZone(zoneName) ?? stored.campaign.timeZone, zoneName: zoneName,
                appointment: try row.decode("appointment_at"), label: try row.decode("external_id"),
                maskedNumber: PhoneMask.mask(try row.decode("to_number", as: String.self)))
        }
        let plan = DialPlan.make(pending, campaign: stored.campaign, now: Date())
        context.print(plan.render(campaign: stored.campaign, state: stored.state.rawValue, listAll: arguments.flag("list")))
        return 0
    }
}

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

    /// Simulates the dials from `now`.
    static func make(_ pending: [Pending], campaign: Campaign, now: Date) -> DialPlan {
        let limit = campaign.rateLimit
        var tat: Date?
        var entries: [Entry] = []
        for item in pending.sorted(by: { ($0.dueAt, $0.appointment) < ($1.dueAt, $1.appointment) }) {
            let latest = DueTime.latestStart(before: item.appointment)
            var at = max(item.dueAt, now)
            var placed: Date?
            // Alternate between the window and the bucket until both agree (a few rounds at most).
            for _ in 0..<8 {
                guard let opening = campaign.callingHours.nextOpening(atOrAfter: at, timeZone: item.timeZone), opening <= latest
                else { break }
                switch limit.decide(tat: tat, now: opening) {
                case .allowed(let newTAT):
                    tat = newTAT
                    placed = opening
                case .wait(let until):
                    at = until
                    continue
                }
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
