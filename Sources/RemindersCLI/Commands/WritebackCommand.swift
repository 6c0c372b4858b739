import Foundation
import Postgres
import Reminders
import RemindersStore

/// `reminders writeback --campaign NAME`: tells the practice system each settled contact's
/// outcome through the campaign's `source.postgres.writeback` statement, once each.
enum WritebackCommand: Command {
    static let spec = CommandSpec(
        name: "writeback",
        summary: "Write settled contacts' outcomes back to the campaign's Postgres source, once each.",
        options: [
            Settings.campaignName,
            .init("retry-failed", help: "Give outcomes the source refused \(SourceWriteback.maxTries) times their tries back first."),
            Settings.sourceURL,
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            The statement gets $1 the contact's id, $2 its status (reached, not_reached, skipped, cancelled), \
            $3 the answer, $4 the last call's time and $5 its call id. An outcome is recorded before it is \
            sent and tied to the source's transaction, so a crash neither loses it nor sends it twice; a \
            contact whose answer is still being fetched waits for it. `nightly` runs this after the batch.
            """
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        guard let name = arguments.value("campaign") else { throw UsageError("writeback needs --campaign NAME", usage: spec.usage) }
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let stored = try CampaignStore.load(name: name, db)
        guard stored.campaign.writeback != nil else {
            throw CommandError("campaign \(name) has no source.postgres.writeback: nothing to write back")
        }
        let source = try Connection(url: try Settings.sourceDatabaseURL(arguments, context), applicationName: "reminders-writeback")
        let summary = try SourceWriteback(campaign: stored, db: db, source: source).run(retryFailed: arguments.flag("retry-failed"))
        context.print(line(name, summary))
        // What the source said, most frequent first: staff mend the source or the statement from it.
        for (reason, rows) in summary.refusals.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).prefix(3) {
            context.printError("warning: the source refused \(rows) \(rows == 1 ? "outcome" : "outcomes"): \(reason)")
        }
        if !summary.refusals.isEmpty {
            context.printError("note: the source's own messages are in the writebacks table's last_error column")
        }
        if let reason = summary.stoppedBy {
            context.printError("error: write-back of \(name) stopped: \(reason); \(summary.pending) outcomes wait for the next pass")
            return 1
        }
        return 0
    }

    /// `Write-back of dental: 38 applied (1 matched no row), 2 refused (1 now failed), 0 pending.`
    static func line(_ name: String, _ summary: SourceWriteback.Summary) -> String {
        var text = "Write-back of \(name): \(summary.applied) applied"
        if summary.matchedNoRow > 0 { text += " (\(summary.matchedNoRow) matched no row)" }
        if summary.refused > 0 { text += ", \(summary.refused) refused" }
        if summary.failed > 0 { text += ", \(summary.failed) now failed (see the report)" }
        return text + ", \(summary.pending) pending."
    }
}
