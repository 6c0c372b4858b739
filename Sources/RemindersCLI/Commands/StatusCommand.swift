import Foundation
import Postgres
import Reminders
import RemindersStore

/// `reminders status [--all] [--watch]`: the campaigns in progress on one screen.
enum StatusCommand: Command {
    static let spec = CommandSpec(
        name: "status",
        summary: "Show the campaigns in progress: state, pending, in flight, reached, next due call, dials in the last minute.",
        options: [
            .init("all", help: "List every campaign, finished ones too."),
            .init("watch", help: "Redraw every 2 seconds until interrupted (on a terminal)."),
            Settings.databaseURL,
            Settings.logLevel,
        ]
    )

    /// How often `--watch` redraws: fresh enough to follow a batch at 10 dials a minute, light on the database.
    static let watchInterval: TimeInterval = 2
    /// ANSI: cursor home and clear the screen, for `--watch` on a terminal.
    static let clearScreen = "\u{1B}[H\u{1B}[2J"

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let all = arguments.flag("all")
        guard arguments.flag("watch") else {
            context.print(CampaignStatus.table(try StatusQueries.campaignsInProgress(all: all, db), now: Date()))
            return 0
        }
        while !context.stopRequested() {
            let statuses = try StatusQueries.campaignsInProgress(all: all, db)
            let now = Date()
            let screen = CampaignStatus.table(statuses, now: now) + "\n\nUpdated \(ReportFormatting.timestamp(now)); Ctrl-C to stop."
            context.print((context.isTerminal ? clearScreen : "") + screen)
            let deadline = Date().addingTimeInterval(watchInterval)
            // Short naps so Ctrl-C is answered within a tenth of a second.
            while Date() < deadline, !context.stopRequested() { usleep(100_000) }
        }
        return 0
    }
}
