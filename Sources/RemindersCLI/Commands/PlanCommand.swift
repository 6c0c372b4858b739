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
        let name = try arguments.required("campaign", placeholder: "NAME")
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
