import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI
import Worker

/// `reminders preview --campaign NAME --contact ID [--browser [--show-token]]`: a contact's
/// reminder exactly as the next dial would send it, and which pre-dial checks pass right now.
enum PreviewCommand: Command {
    static let spec = CommandSpec(
        name: "preview",
        summary: "Show a contact's rendered reminder and which pre-dial checks pass now.",
        options: [
            Settings.campaignName,
            .init("contact", value: "ID", help: "The contact's id from the CSV (required)."),
            .init("browser", help: "Also open a WebRTC session (POST /voice/start) with the same agent and context."),
            .init("show-token", help: "Print the browser session's token in full (otherwise masked)."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            The context is health data: it is printed to standard output only, on purpose, and never logged.
            Nothing is changed. --browser needs VOICE_API_BASE_URL and the key, and waits for a slot in the
            account's shared 30-a-minute voice-session bucket.
            """
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let name = try arguments.required("campaign", placeholder: "NAME")
        let contactID = try arguments.required("contact", placeholder: "ID")
        // Read the provider settings first, so a missing key fails before any output.
        let client = try arguments.flag("browser") ? Settings.voiceClient(context) : nil
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let preview: ContactPreview
        do {
            preview = try ContactPreview.load(campaign: try CampaignStore.load(name: name, db), externalID: contactID, now: Date(), db)
        } catch let error as StoreError {
            throw CommandError(error.description)
        }
        context.print(render(preview))
        if let client {
            let session = try BrowserPreview.start(preview, client: client, db: db)
            context.print("""

                Browser session: \(session.sessionID)
                  livekit_url: \(session.livekitURL)
                  token: \(arguments.flag("show-token") ? session.token : maskToken(session.token))
                """)
        }
        return 0
    }

    /// The provider client from the environment, or one clear line.
    /// A token's first four characters, the rest hidden: enough to tell two apart, useless to join.
    static func maskToken(_ token: String) -> String {
        String(token.prefix(4)) + "… (hidden; --show-token prints it)"
    }

    /// The context as the dial's JSON body carries it (keys sorted so the output is stable).
    static func contextJSON(_ values: [String: String]) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(values)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The preview as text.
    static func render(_ preview: ContactPreview) -> String {
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = preview.timeZone
        local.dateFormat = "yyyy-MM-dd HH:mm zzz"
        var lines = [
            "Campaign \(preview.campaign.campaign.name) (\(preview.campaign.state.rawValue)), contact \(preview.externalID) "
                + "(\(PhoneMask.mask(preview.phone)), \(preview.zoneName)): \(preview.status)",
            "Appointment: \(local.string(from: preview.appointment))",
            "Due: " + (preview.dueAt.map { local.string(from: $0) } ?? "no attempt scheduled"),
            "Context (as sent to the agent):",
            contextJSON(preview.context),
            "Checks at \(local.string(from: preview.checkedAt)):",
        ]
        var checks = preview.checks.map { ($0.name, $0.passes, $0.detail) }
        checks.append(("live_attempt", preview.liveAttempt == nil, preview.liveAttempt.map { "attempt \($0.id) is \($0.state.rawValue)" } ?? "none"))
        let width = (checks.map(\.0.count).max() ?? 0) + 2
        for (name, passes, detail) in checks {
            lines.append("  \(name.padding(toLength: width, withPad: " ", startingAt: 0))\(passes ? "pass" : "FAIL")  \(detail)")
        }
        lines.append("Verdict: " + verdict(preview, local))
        return lines.joined(separator: "\n")
    }

    static func verdict(_ preview: ContactPreview, _ local: DateFormatter) -> String {
        if preview.status != "pending" { return "settled (\(preview.status)); no call will go" }
        if let live = preview.liveAttempt { return "a call is in flight (attempt \(live.id)); no second call will go" }
        if preview.wouldDialNow { return "would dial now" }
        switch preview.verdict {
        case .dial: return preview.dueAt.map { "would dial when due, \(local.string(from: $0))" } ?? "nothing scheduled"
        case .reschedule(let at, let reason): return "would wait until \(local.string(from: at)) (\(reason))"
        case .settle(let reason): return "would not call: \(reason.rawValue)"
        }
    }
}
