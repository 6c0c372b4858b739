import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore

/// `reminders import FILE.csv --campaign FILE.json [--dry-run] [--complete [--allow-mass-cancel]] [--rejects FILE]`.
enum ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        summary: "Import a campaign's contacts from a CSV file (idempotent; a changed appointment reschedules).",
        positionals: ["FILE.csv"],
        options: [
            .init("campaign", value: "FILE", help: "The campaign file (campaigns/NAME.json); saved in the database."),
            .init("dry-run", help: "Validate and count only; write nothing."),
            Settings.complete,
            Settings.allowMassCancel,
            .init("rejects", value: "FILE", help: "Write rejected rows as CSV line,id,field,reason."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            Prints one line: N rows: A accepted, U updated, C unchanged, S skipped, R rejected.
            A file-level problem (unreadable CSV, missing column, bad template) imports nothing and exits 1.
            """
    )

    /// Rejections shown on stderr when there is no rejects file: enough to see the pattern.
    static let rejectionsShown = 10

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let path = arguments.positionals[0]
        let campaign = try loadCampaign(arguments)
        let databaseURL = try Settings.databaseURL(arguments, context)
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path, format: campaign.csv)
        } catch {
            throw CommandError("\(path): \(error.description); nothing imported")
        }
        let db = try Connection(url: databaseURL)
        return try execute(Importer(campaign: campaign, sourceName: path), from: &reader, db: db, arguments, context)
    }

    /// The campaign named by `--campaign`.
    static func loadCampaign(_ arguments: ParsedArguments) throws -> Campaign {
        guard let path = arguments.value("campaign") else {
            throw UsageError("--campaign FILE is required", usage: spec.usage)
        }
        do {
            return try Campaign.load(path: path)
        } catch {
            throw CommandError(error.description)
        }
    }

    /// Runs an import (from a file or a source query) with the shared options, output and rejects file.
    static func execute(
        _ importer: Importer, from source: inout some ContactSource, db: Connection,
        _ arguments: ParsedArguments, _ context: CommandContext, runKind: String = "import"
    ) throws -> Int32 {
        let rejects = try arguments.value("rejects").map { path in
            do { return try RejectsFile(path: path) } catch { throw CommandError(String(describing: error)) }
        }
        var shown = 0
        var options = Importer.Options()
        options.dryRun = arguments.flag("dry-run")
        options.complete = arguments.flag("complete")
        options.allowMassCancel = arguments.flag("allow-mass-cancel")
        if options.allowMassCancel, !options.complete { throw UsageError("--allow-mass-cancel goes with --complete") }
        options.runKind = runKind
        options.stopRequested = context.stopRequested
        options.rejected = { rejection in
            if let rejects {
                try rejects.append(rejection)
            } else if shown < rejectionsShown {
                shown += 1
                context.printError("rejected: \(rejection.description)")
            }
        }
        if context.isTerminal {
            options.progressInterval = 50_000
            options.progress = { rows in context.printError("… \(rows) rows read") }
        }
        let started = Date()
        let summary: ImportSummary
        do {
            summary = try importer.run(from: &source, into: db, options: options)
            try rejects?.commit()
        } catch {
            rejects?.discard()
            throw error
        }
        context.print(summary.description)
        if rejects == nil, summary.rejected > shown {
            context.printError("\(summary.rejected - shown) more rejected rows; pass --rejects FILE to list them all")
        }
        context.logger.info(options.dryRun ? "import dry run finished" : "import finished", [
            "campaign": .text(importer.campaign.name), "accepted": .int(summary.accepted), "updated": .int(summary.updated),
            "unchanged": .int(summary.unchanged), "skipped": .int(summary.skipped), "rejected": .int(summary.rejected),
            "seconds": .seconds(Date().timeIntervalSince(started)),
        ])
        return 0
    }
}
