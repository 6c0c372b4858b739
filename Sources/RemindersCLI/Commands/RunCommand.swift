import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI
import Worker

/// `reminders run [--campaign NAME]… [--until TIME] [--listen HOST:PORT]`: the dispatcher.
enum RunCommand: Command {
    static let spec = CommandSpec(
        name: "run",
        summary: "Dial the due reminder calls at the shared rate limit, until every contact is settled.",
        options: [
            .init("campaign", value: "NAME", repeatable: true, help: "Work only this campaign (repeatable; default: every campaign)."),
            .init("until", value: "TIME", help: "Stop claiming at this ISO 8601 instant (2026-11-26T20:00:00Z) or HH:MM in this machine's zone."),
            .init("listen", value: "HOST:PORT", help: "Also host the webhook receiver here, in this process."),
            Settings.metricsListen,
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            Exits when every contact is settled or nothing more can happen before --until, and prints a summary.
            SIGINT or SIGTERM stops claiming, finishes the request in flight and exits 0. Several runs, on several
            machines, may work the same campaigns at once.
            Environment: DATABASE_URL, VOICE_API_BASE_URL, VOICE_API_KEY (or VOICE_API_KEY_FILE), WEBHOOK_BASE_URL,
            SOURCE_DATABASE_URL (where source rechecks run; default DATABASE_URL), VOICE_WEBHOOK_SECRET (or _FILE).
            Tuning (seconds): REMINDERS_STALE_AFTER (60), REMINDERS_ADOPTION_GRACE (60), REMINDERS_MAINTENANCE_INTERVAL (5),
            REMINDERS_DATABASE_PATIENCE (120: how long a run waits at its start for an unavailable database);
            read-endpoint limits: REMINDERS_STATUS_PER_MINUTE (60), REMINDERS_SESSIONS_PER_MINUTE (30).
            """
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        // A nightly run started while Postgres restarts waits for it, as a running one does.
        let patience = try databasePatience(context.environment)
        let db = try Connection.connect(
            url: try Settings.databaseURL(arguments, context), waitingUpTo: patience, stop: context.stopRequested
        ) { error, wait in
            context.logger.warning("database unavailable; waiting", ["error": .error(error), "in_seconds": .seconds(wait / .seconds(1))])
        }
        let client = try Settings.voiceClient(context)
        let names = arguments.all("campaign")
        let campaigns = try names.isEmpty ? CampaignStore.all(db) : names.map { name in try CampaignStore.load(name: name, db) }
        guard !campaigns.isEmpty else { throw CommandError("no campaigns in the database; import one first") }
        let until = try arguments.value("until").map { text in try parseUntil(text, now: Date(), timeZone: .current) }
        var webhookBase = context.environment["WEBHOOK_BASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
        if arguments.value("metrics-listen") != nil, arguments.value("listen") == nil {
            throw CommandError("--metrics-listen serves the receiver's metrics: it needs --listen")
        }
        var receiver: WebhookReceiver?
        if let text = arguments.value("listen") {
            let address: ListenAddress
            do {
                address = try ListenAddress(parsing: text)
            } catch {
                throw CommandError("--listen: \(error)")
            }
            let started = WebhookReceiver(
                databaseURL: try Settings.databaseURL(arguments, context), poolSize: receiverPoolSize, applicationName: "reminders-run",
                logger: context.logger, signature: try Settings.webhookSignature(context))
            let port: UInt16
            do {
                port = try started.start(host: address.host, port: address.port)
            } catch {
                throw CommandError("cannot listen on \(address): \(error)")
            }
            receiver = started
            do {
                if let metrics = try Settings.startMetrics(started, arguments, fallback: nil) {
                    context.logger.info("serving metrics", ["listen": .text(metrics)])
                }
            } catch {
                started.shutdown(gracePeriod: .zero)
                throw error
            }
            context.logger.info("serving webhooks", ["listen": .text("\(address.host):\(port)")])
            // Without a public URL the provider must be able to reach this address directly (a local simulator).
            if webhookBase == nil { webhookBase = "http://\(address.host.contains(":") ? "[\(address.host)]" : address.host):\(port)" }
        }
        defer { receiver?.shutdown(gracePeriod: receiverShutdownGrace) }
        if webhookBase == nil {
            context.logger.warning("WEBHOOK_BASE_URL is not set: calls are followed by status polls only")
        }
        var configuration = DispatcherConfiguration(
            campaigns: names, until: until, batch: true, webhookBaseURL: webhookBase,
            workerName: "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier)",
            dialLimit: strictestLimit(campaigns.map(\.campaign.rateLimit)))
        try tune(&configuration, context.environment)
        configuration.sourceDatabaseURL = try context.environment["SOURCE_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
            ?? Settings.databaseURL(arguments, context)
        configuration.answersDatabaseURL = try Settings.databaseURL(arguments, context)
        let dispatcher = try Dispatcher(
            db: db, client: client, configuration: configuration, logger: context.logger, stopRequested: context.stopRequested)
        let summary = try dispatcher.run()
        context.print(try report(summary, campaigns: campaigns.map(\.campaign.name), db))
        if let refusal = summary.accountRefusal {
            throw CommandError("the provider refused the account's dials (\(refusal)); the contacts stay pending: fix the account or the campaign's agent_id, then run again")
        }
        return 0
    }

    /// Connections for the in-process receiver: webhooks arrive at the dial rate, so a few suffice.
    static let receiverPoolSize = 4
    /// How long webhooks in flight get to finish at the end of the run.
    static let receiverShutdownGrace = Duration.seconds(5)

    /// The slowest rate among the campaigns: they share the account's one dial bucket.
    static func strictestLimit(_ limits: [RateLimit]) -> RateLimit {
        limits.min { a, b in
            a.emissionIntervalMicroseconds == b.emissionIntervalMicroseconds
                ? a.burst < b.burst : a.emissionIntervalMicroseconds > b.emissionIntervalMicroseconds
        } ?? .default
    }

    /// `--until`: an ISO 8601 instant with a zone, or `HH:MM` — the next such wall-clock time in `timeZone`.
    static func parseUntil(_ text: String, now: Date, timeZone: TimeZone) throws -> Date {
        let formatter = ISO8601DateFormatter()
        if let instant = formatter.date(from: text) { return instant }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let instant = formatter.date(from: text) { return instant }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { throw CommandError("--until takes an ISO 8601 instant such as 2026-11-26T20:00:00Z, or HH:MM; not \"\(text)\"") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        guard let next = calendar.nextDate(
            after: now, matching: DateComponents(hour: hour, minute: minute, second: 0), matchingPolicy: .nextTime)
        else { throw CommandError("--until \(text): no such time ahead") }
        return next
    }

    /// How long `run` waits at its start for a database that is unavailable:
    /// REMINDERS_DATABASE_PATIENCE seconds, 120 by default.
    static func databasePatience(_ environment: [String: String]) throws -> Duration {
        guard let seconds = try seconds("REMINDERS_DATABASE_PATIENCE", environment, atMost: 86_400) else { return .seconds(120) }
        return .milliseconds(Int64(seconds * 1000))
    }

    /// A tuning variable in (fractional) seconds, nil when unset; `atMost` bounds it.
    static func seconds(_ name: String, _ environment: [String: String], atMost limit: TimeInterval? = nil) throws -> TimeInterval? {
        guard let text = environment[name] else { return nil }
        guard let value = TimeInterval(text), value >= 0, value <= (limit ?? .infinity) else {
            let bound = limit.map { " up to \(Int($0))" } ?? ""
            throw CommandError("\(name) must be a number of seconds\(bound), not \"\(text)\"")
        }
        return value
    }

    /// Reads the tuning variables (whole or fractional seconds; per-minute counts).
    static func tune(_ configuration: inout DispatcherConfiguration, _ environment: [String: String]) throws {
        func seconds(_ name: String) throws -> TimeInterval? { try Self.seconds(name, environment) }
        func perMinute(_ name: String) throws -> RateLimit? {
            guard let text = environment[name] else { return nil }
            guard let value = Int(text), value > 0 else { throw CommandError("\(name) must be a positive whole number, not \"\(text)\"") }
            return RateLimit(perMinute: value, burst: 1)
        }
        if let value = try seconds("REMINDERS_STALE_AFTER") {
            configuration.staleAfter = value
            configuration.heartbeatInterval = value / 10
        }
        if let value = try seconds("REMINDERS_ADOPTION_GRACE") {
            configuration.adoptionGrace = value
            configuration.reconcileInterval = min(configuration.reconcileInterval, max(value / 4, 0.05))
        }
        if let value = try seconds("REMINDERS_MAINTENANCE_INTERVAL") {
            configuration.maintenanceInterval = value
            configuration.pollBackoff = Backoff(base: max(value, 0.05), cap: max(value, 0.05) * 20)
            configuration.answerBackoff = configuration.pollBackoff
        }
        if let limit = try perMinute("REMINDERS_STATUS_PER_MINUTE") { configuration.statusLimit = limit }
        if let limit = try perMinute("REMINDERS_SESSIONS_PER_MINUTE") { configuration.sessionsLimit = limit }
        if let limit = try perMinute("REMINDERS_TRANSCRIPT_PER_MINUTE") { configuration.transcriptLimit = limit }
    }

    /// The closing summary: what this run did and where each campaign's contacts stand.
    static func report(_ summary: DispatchSummary, campaigns: [String], _ db: Connection) throws -> String {
        var lines = ["Run ended: \(summary.ending.rawValue).",
                     "Dials: \(summary.accepted) accepted, \(summary.rateLimited) rate limited, \(summary.transient) transient failures, "
                         + "\(summary.refused) refused, \(summary.ambiguous) ambiguous (\(summary.adopted) adopted, \(summary.redialed) redialed); "
                         + "\(summary.notDialed) held back by checks; \(summary.polls) status polls."]
        if !summary.answers.isEmpty {
            lines.append("Answers: " + Answer.allCases.compactMap { answer in summary.answers[answer].map { "\($0) \(answer.rawValue)" } }
                .joined(separator: ", ") + ".")
        }
        if summary.callIDDisagreements > 0 {
            lines.append("Flagged: \(summary.callIDDisagreements) dials answered with another call id than their webhooks named (see call_attempts.error).")
        }
        for name in campaigns {
            let counts = try StatusQueries.contactsByStatus(campaign: name, db).map { "\($0.status) \($0.count)" }
            lines.append("\(name): " + (counts.isEmpty ? "no contacts" : counts.joined(separator: ", ")))
        }
        return lines.joined(separator: "\n")
    }
}
