import Foundation
import Postgres
import RemindersStore

/// `reminders pause|resume|cancel NAME`: change a campaign's state, honoured at the next dial.
enum PauseCommand: Command {
    static let spec = CommandSpec(
        name: "pause", summary: "Stop dialing a campaign's calls until it is resumed.",
        positionals: ["NAME"], options: [Settings.databaseURL, Settings.logLevel],
        discussion: "Honoured at the next dial of every running worker; calls already placed go on.")

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        try CampaignStateChange.apply(.paused, arguments, context)
    }
}

/// `reminders resume NAME`.
enum ResumeCommand: Command {
    static let spec = CommandSpec(
        name: "resume", summary: "Resume dialing a paused campaign.",
        positionals: ["NAME"], options: [Settings.databaseURL, Settings.logLevel],
        discussion: "Running workers wake and carry on with its due calls.")

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        try CampaignStateChange.apply(.active, arguments, context)
    }
}

/// `reminders cancel NAME`: no more calls; its scheduled attempts are settled as cancelled.
enum CancelCommand: Command {
    static let spec = CommandSpec(
        name: "cancel", summary: "Cancel a campaign: no further calls; its waiting contacts are settled as cancelled.",
        positionals: ["NAME"], options: [endCallsOption, Settings.databaseURL, Settings.logLevel],
        discussion: "Calls already placed go on to their end unless --end-calls is given. Cancelling cannot be undone.")

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        // The provider's settings are read first, so a missing key fails before anything changes.
        let client = try arguments.flag("end-calls") ? Settings.voiceClient(context) : nil
        let status = try CampaignStateChange.apply(.cancelled, arguments, context)
        if let client, let name = arguments.positionals.first { try endCalls(name: name, client: client, arguments, context) }
        return status
    }
}

/// The shared body of pause, resume and cancel.
enum CampaignStateChange {
    static func apply(_ state: CampaignState, _ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        guard let name = arguments.positionals.first else { throw CommandError("name the campaign") }
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        do {
            try CampaignStore.setState(state, name: name, db)
        } catch let error as StoreError {
            throw CommandError(error.description)
        }
        var settled = 0
        if state == .cancelled {
            settled = try AttemptOutcomes.cancelWaiting(campaignID: try CampaignStore.load(name: name, db).id, now: Date(), db)
        }
        // Idle workers wake to see the change (a resumed campaign's calls are due again).
        try db.notify(WakeChannel.name)
        switch state {
        case .paused: context.print("Paused \(name).")
        case .active: context.print("Resumed \(name).")
        case .cancelled: context.print("Cancelled \(name); \(settled) waiting contact\(settled == 1 ? "" : "s") settled as cancelled.")
        }
        return 0
    }
}
