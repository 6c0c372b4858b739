import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI
import Worker

/// `reminders reconcile --campaign NAME [--since TIME] [--dry-run]`: our records against the
/// provider's `GET /voice/sessions`, differences reported then repaired.
enum ReconcileCommand: Command {
    static let spec = CommandSpec(
        name: "reconcile",
        summary: "Compare a campaign's calls with the provider's sessions; report and repair differences.",
        options: [
            Settings.campaignName,
            .init("since", value: "TIME", help: "Look at calls from this ISO 8601 instant or HH:MM (default: 24 hours ago)."),
            .init("dry-run", help: "Report only; change nothing."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            Adopts provider calls whose dial answer was lost (same agent and number, after our claim) into their
            dialing/unknown attempts, applies the provider's end to calls we still think live, reports calls that
            match nothing as foreign, and fills in ended calls' duration and end reason (GET /voice/sessions/{id}).
            Requests go through the account's shared 30-a-minute sessions bucket.
            """
    )

    /// How far back reconcile looks without --since: one night's batch and its morning.
    static let defaultLookback: TimeInterval = 24 * 3_600

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let name = try arguments.required("campaign", placeholder: "NAME")
        let now = Date()
        let since = try arguments.value("since").map { try RunCommand.parseUntil($0, now: now.addingTimeInterval(-86_400), timeZone: .current) }
            ?? now.addingTimeInterval(-defaultLookback)
        let client = try Settings.voiceClient(context)
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let campaign: StoredCampaign
        do {
            campaign = try CampaignStore.load(name: name, db)
        } catch let error as StoreError {
            throw CommandError(error.description)
        }
        let dryRun = arguments.flag("dry-run")
        let summary = try Reconciler(db: db, client: client, logger: context.logger).reconcile(campaign: campaign, since: since, dryRun: dryRun)
        context.print(render(summary, campaign: name, since: since, dryRun: dryRun))
        return 0
    }

    static func render(_ summary: Reconciler.Summary, campaign: String, since: Date, dryRun: Bool) -> String {
        var adopt = 0, finish = 0, missing = 0
        var foreign: [String] = []
        for difference in summary.differences {
            switch difference {
            case .adopt: adopt += 1
            case .finish: finish += 1
            case .missing: missing += 1
            case .foreign(let callID, let number): foreign.append("\(callID) to \(PhoneMask.mask(number ?? "?"))")
            }
        }
        var lines = [
            "Reconciled \(campaign) since \(ISO8601DateFormatter().string(from: since)): \(summary.providerCalls) provider call(s).",
            "Calls whose answer was lost (adopt): \(adopt)",
            "Calls we thought live that have ended (finish): \(finish)",
            "Dials the provider does not show: \(missing)",
            "Foreign calls (this agent, no attempt of ours): \(foreign.count)",
        ]
        lines += foreign.map { "  \($0)" }
        lines.append(dryRun ? "Dry run: nothing changed." : "Repaired \(summary.repaired); details filled for \(summary.detailsFilled) ended call(s).")
        return lines.joined(separator: "\n")
    }
}
