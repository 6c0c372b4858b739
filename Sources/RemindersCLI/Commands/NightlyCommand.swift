import Foundation
import Reminders

/// `reminders nightly`: the whole nightly job in one command, for cron or a systemd timer.
///
/// It runs the same commands an operator would, in order, through `CLI.run`: import (or sync)
/// the campaign's contacts, run the batch until the calling window closes, write the outcomes
/// back to a Postgres source that names a `writeback`, then write the reports (HTML for the
/// front desk, CSV for a practice system that imports files). A failed import stops the job
/// before any call; the reports are written whatever the run's outcome, so staff always find them.
enum NightlyCommand: Command {
    static let spec = CommandSpec(
        name: "nightly",
        summary: "Import (or sync) a campaign, run it until the window closes, and write its report.",
        options: [
            .init("campaign", value: "FILE", help: "The campaign file (campaigns/NAME.json)."),
            .init("csv", value: "FILE", help: "Contacts to import (default: the campaign's source.csv; a source.postgres campaign is synced)."),
            .init("until", value: "TIME", help: "Stop dialing at this ISO 8601 instant or HH:MM in this machine's zone."),
            .init("listen", value: "HOST:PORT", help: "Host the webhook receiver in this process."),
            .init("report-dir", value: "DIR", help: "Where to write NAME-YYYY-MM-DD.html, .csv and rejects (default: reports/)."),
            Settings.sourceURL,
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            Example crontab line (every evening at 18:00, dialing until 20:00 local time):
              0 18 * * * cd /srv/reminders && reminders nightly --campaign campaigns/dental-reminders.json --until 20:00 --listen 0.0.0.0:8080
            """
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        guard let campaignPath = arguments.value("campaign") else { throw UsageError("missing --campaign FILE", usage: spec.usage) }
        let campaign: Campaign
        do {
            campaign = try Campaign.load(path: campaignPath)
        } catch {
            throw CommandError(error.description)
        }
        let reportDirectory = arguments.value("report-dir") ?? "reports"
        // Reports and rejects name patients: the folder is its owner's alone.
        try FileManager.default.createDirectory(
            atPath: reportDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let day = today()
        var shared: [String] = []
        if let url = arguments.value("database-url") { shared += ["--database-url", url] }
        if let level = arguments.value("log-level") { shared += ["--log-level", level] }
        // For sync and write-back, the commands that read or write the practice system's database.
        let source = arguments.value("source-url").map { ["--source-url", $0] } ?? []

        var load: [String]
        if let csv = arguments.value("csv") ?? campaign.source.flatMap(\.csvPath) {
            load = ["import", csv, "--campaign", campaignPath, "--rejects", "\(reportDirectory)/\(campaign.name)-\(day)-rejects.csv"]
        } else if case .postgres = campaign.source {
            load = ["sync", "--campaign", campaignPath] + source
        } else {
            throw CommandError("\(campaignPath): no contacts to load: pass --csv FILE or give the campaign a source")
        }
        load += shared
        let imported = CLI.run(load, context)
        guard imported == 0 else { return imported }

        var batch = ["run", "--campaign", campaign.name] + shared
        if let until = arguments.value("until") { batch += ["--until", until] }
        if let listen = arguments.value("listen") { batch += ["--listen", listen] }
        let ran = CLI.run(batch, context)

        // After the run, so the outcomes are those of tonight's calls, and before the reports, so
        // they count what the source was told.
        var wroteBack: Int32 = 0
        if campaign.writeback != nil {
            wroteBack = CLI.run(["writeback", "--campaign", campaign.name] + source + shared, context)
        }

        let reportPath = "\(reportDirectory)/\(campaign.name)-\(day)"
        let reported = CLI.run(["report", "--campaign", campaign.name, "--format", "html", "--output", reportPath + ".html"] + shared, context)
        let listed = CLI.run(["report", "--campaign", campaign.name, "--format", "csv", "--output", reportPath + ".csv"] + shared, context)
        _ = CLI.run(["report", "--campaign", campaign.name, "--format", "text"] + shared, context)
        return [ran, wroteBack, reported, listed].first { $0 != 0 } ?? 0
    }
}

private extension Campaign.Source {
    var csvPath: String? {
        if case .csv(let path) = self { return path }
        return nil
    }
}

/// Today's date in this machine's zone, `YYYY-MM-DD`, for report file names.
private func today() -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd"
    return formatter.string(from: Date())
}
