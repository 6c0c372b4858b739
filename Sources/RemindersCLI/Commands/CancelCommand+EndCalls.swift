import Foundation
import Postgres
import RemindersStore
import VoiceAPI
import Worker

/// `reminders cancel NAME --end-calls`: after the cancel, hang up the campaign's live calls.
extension CancelCommand {
    /// The flag, listed in `cancel --help`.
    static let endCallsOption = CommandSpec.Option(
        "end-calls", help: "Also end the campaign's calls in progress (POST /voice/end), recorded as cancelled.")

    /// Ends the live calls of campaign `name` and prints what happened.
    static func endCalls(name: String, client: VoiceClient, _ arguments: ParsedArguments, _ context: CommandContext) throws {
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let campaign = try CampaignStore.load(name: name, db)
        let summary = try CallEnder(db: db, client: client, logger: context.logger).endLiveCalls(campaignID: campaign.id)
        var line = "Ended \(summary.ended) call\(summary.ended == 1 ? "" : "s") in progress"
        if summary.alreadyEnded > 0 { line += "; \(summary.alreadyEnded) had already ended" }
        if summary.failed > 0 { line += "; \(summary.failed) recorded cancelled but not confirmed ended by the provider (see the log)" }
        if summary.unanswered > 0 { line += "; \(summary.unanswered) dial(s) still awaiting the provider's answer: run cancel --end-calls again shortly" }
        context.print(line + ".")
    }
}
