import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI
import Worker

/// `reminders test-call --campaign NAME --contact ID --to +E164 [--wait]`: one real dial of a
/// contact's reminder to a staff number, kept apart from the campaign's figures.
enum TestCallCommand: Command {
    static let spec = CommandSpec(
        name: "test-call",
        summary: "Dial one contact's reminder to a staff number (never the patient's), as a tracked test call.",
        options: [
            Settings.campaignName,
            .init("contact", value: "ID", help: "The contact whose reminder is played (required)."),
            .init("to", value: "+E164", help: "The staff number to call (required)."),
            .init("wait", help: "Wait until the call ends and print its outcome."),
            .init("timeout", value: "SECONDS", help: "How long --wait waits (default: the campaign's max_duration + 120)."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            Refused when --to is the contact's number, any contact's number in the campaign, or suppressed.
            The dial waits for the account's shared dial bucket. Reports never count test calls.
            Environment: DATABASE_URL, VOICE_API_BASE_URL, VOICE_API_KEY (or VOICE_API_KEY_FILE), WEBHOOK_BASE_URL.
            """
    )

    /// Extra time `--wait` allows beyond `max_duration`: ringing, set-up and the final webhook.
    static let waitMargin: TimeInterval = 120

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let name = try arguments.required("campaign", placeholder: "NAME")
        let contactID = try arguments.required("contact", placeholder: "ID")
        guard let to = arguments.value("to") else { throw CommandError("--to +E164 is required (a staff number)") }
        let timeout = try arguments.value("timeout").map { text in
            guard let value = TimeInterval(text), value > 0 else { throw CommandError("--timeout must be a positive number of seconds") }
            return value
        }
        let client = try Settings.voiceClient(context)
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let campaign: StoredCampaign
        do {
            campaign = try CampaignStore.load(name: name, db)
        } catch let error as StoreError {
            throw CommandError(error.description)
        }
        let caller = TestCaller(
            db: db, client: client, webhookBaseURL: context.environment["WEBHOOK_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            logger: context.logger)
        let placed: TestCaller.Placed
        do {
            placed = try caller.call(campaign: campaign, contact: contactID, to: to)
        } catch let refusal as TestCalls.Refusal {
            throw CommandError(refusal.description)
        }
        if let problem = placed.problem {
            throw CommandError("test call (attempt \(placed.attemptID)) not placed: \(problem)")
        }
        context.print("Test call \(placed.callID ?? "?") (attempt \(placed.attemptID)) to \(PhoneMask.mask(to)): \(placed.state.rawValue)")
        guard arguments.flag("wait") else { return 0 }
        let limit = timeout ?? TimeInterval(campaign.campaign.maxDuration) + waitMargin
        let state = try caller.wait(attemptID: placed.attemptID, timeout: limit, stop: context.stopRequested)
        context.print("Outcome: \(state.rawValue)")
        guard state.isTerminal else { throw CommandError("the call had not ended after \(Int(limit)) s (attempt \(placed.attemptID) is \(state.rawValue))") }
        return 0
    }
}
