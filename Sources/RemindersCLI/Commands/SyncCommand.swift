import Foundation
import Postgres
import Reminders
import RemindersStore

/// `reminders sync --campaign FILE.json`: the import pipeline fed by the campaign's source query.
enum SyncCommand: Command {
    static let spec = CommandSpec(
        name: "sync",
        summary: "Import a campaign's contacts from its Postgres source query (source.postgres.query).",
        options: [
            .init("campaign", value: "FILE", help: "The campaign file (campaigns/NAME.json); saved in the database."),
            .init("dry-run", help: "Validate and count only; write nothing."),
            Settings.complete,
            Settings.allowMassCancel,
            .init("rejects", value: "FILE", help: "Write rejected rows as CSV line,id,field,reason (line = row number + 1)."),
            Settings.sourceURL,
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            The query's column names play the role of the CSV header; rows are streamed through a cursor.
            Prints the same line as import: N rows: A accepted, U updated, C unchanged, S skipped, R rejected.
            """
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let campaign = try ImportCommand.loadCampaign(arguments)
        guard case .postgres(let query) = campaign.source else {
            throw CommandError("campaign \(campaign.name) has no source.postgres.query; use reminders import FILE.csv")
        }
        let databaseURL = try Settings.databaseURL(arguments, context)
        let sourceURL = try Settings.sourceDatabaseURL(arguments, context)
        let sourceDB = try Connection(url: sourceURL, applicationName: "reminders-sync")
        var source: QuerySource
        do {
            source = try QuerySource(query: query, db: sourceDB)
        } catch {
            throw CommandError("source query of campaign \(campaign.name): \(error); nothing imported")
        }
        let db = try Connection(url: databaseURL)
        return try ImportCommand.execute(
            Importer(campaign: campaign, sourceName: "source query of campaign \(campaign.name)"),
            from: &source, db: db, arguments, context, runKind: "sync")
    }
}
