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
        let pending = try StatusQueries.waitingAttempts(campaignID: stored.id, db).map { waiting in
            DialPlan.Pending(
                attemptID: waiting.attemptID, dueAt: waiting.dueAt,
                timeZone: Campaign.ianaTimeZone(waiting.zoneName), zoneName: waiting.zoneName,
                appointment: waiting.appointment, label: waiting.externalID, maskedNumber: PhoneMask.mask(waiting.toNumber))
        }
        let plan = DialPlan.make(pending, campaign: stored.campaign, now: Date())
        context.print(plan.render(campaign: stored.campaign, state: stored.state.rawValue, listAll: arguments.flag("list")))
        return 0
    }
}
