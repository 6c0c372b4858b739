import Foundation
import Logging
import VoiceAPI
import Worker

/// Configuration shared by commands: each value comes from its flag, then from the environment.
enum Settings {
    static let databaseURL = CommandSpec.Option(
        "database-url", value: "URL", help: "Postgres URL (default: $DATABASE_URL).")
    static let logLevel = CommandSpec.Option(
        "log-level", value: "LEVEL", help: "debug, info, warning or error (default: $REMINDERS_LOG_LEVEL or info).")
    static let metricsListen = CommandSpec.Option(
        "metrics-listen", value: "HOST:PORT",
        help: "Serve GET /metrics here, apart from the webhooks (off: not at all).")
    static let complete = CommandSpec.Option(
        "complete",
        help: "The source lists every appointment in the span of times it covers: pending contacts in that span it lacks are cancelled.")
    static let allowMassCancel = CommandSpec.Option(
        "allow-mass-cancel", help: "With --complete, cancel even more than a fifth of the pending contacts.")
    static let sourceURL = CommandSpec.Option(
        "source-url", value: "URL", help: "The practice system's database (default: $SOURCE_DATABASE_URL, else the target database).")
    /// The imported campaign a command works on, by name.
    static let campaignName = CommandSpec.Option("campaign", value: "NAME", help: "The campaign (required).")

    /// The database URL from `--database-url` or `DATABASE_URL`.
    static func databaseURL(_ arguments: ParsedArguments, _ context: CommandContext) throws -> String {
        if let url = arguments.value("database-url") ?? context.environment["DATABASE_URL"], !url.isEmpty {
            return url
        }
        throw CommandError("no database: set DATABASE_URL or pass --database-url")
    }

    /// The source database URL from `--source-url`, else `SOURCE_DATABASE_URL`, else our own.
    static func sourceDatabaseURL(_ arguments: ParsedArguments, _ context: CommandContext) throws -> String {
        if let url = arguments.value("source-url") ?? context.environment["SOURCE_DATABASE_URL"], !url.isEmpty {
            return url
        }
        return try databaseURL(arguments, context)
    }

    /// The provider client from `VOICE_API_BASE_URL` and `VOICE_API_KEY` (or `VOICE_API_KEY_FILE`);
    /// a missing setting is one clear line, never the key.
    static func voiceClient(_ context: CommandContext) throws -> VoiceClient {
        do {
            return try VoiceClient.fromEnvironment(context.environment)
        } catch {
            throw CommandError(error.description)
        }
    }

    /// The webhook signature check from `VOICE_WEBHOOK_SECRET` (or `VOICE_WEBHOOK_SECRET_FILE`);
    /// `nil` when neither is set. Without one the receiver says once that URL tokens alone admit events.
    static func webhookSignature(_ context: CommandContext) throws -> WebhookSignature? {
        let secret: String?
        do {
            secret = try SecretSetting.read("VOICE_WEBHOOK_SECRET", context.environment)
        } catch {
            throw CommandError(error.message(naming: "the webhook secret file"))
        }
        guard let secret else {
            context.logger.warning("VOICE_WEBHOOK_SECRET is not set: webhooks are admitted by their URL token alone")
            return nil
        }
        guard !secret.isEmpty else { throw CommandError("the webhook secret is empty") }
        return WebhookSignature(secret: secret)
    }

    /// Starts the receiver's `/metrics` listener at `--metrics-listen`, else at `fallback`
    /// (`nil` or `off`: none); returns where it listens.
    static func startMetrics(
        _ receiver: WebhookReceiver, _ arguments: ParsedArguments, fallback: ListenAddress?
    ) throws -> String? {
        let text = arguments.value("metrics-listen")
        guard text != "off", let address = try text.map({ text in
            do { return try ListenAddress(parsing: text) } catch { throw CommandError("--metrics-listen: \(error)") }
        }) ?? fallback else { return nil }
        do {
            let port = try receiver.startMetrics(host: address.host, port: address.port)
            return "\(address.host):\(port)"
        } catch {
            throw CommandError("cannot listen on \(address) for metrics: \(error) (--metrics-listen picks another, off disables)")
        }
    }

    /// The log level from `--log-level` or `REMINDERS_LOG_LEVEL`.
    static func logLevel(_ arguments: ParsedArguments, _ environment: [String: String]) throws(UsageError) -> Logger.Level {
        guard let name = arguments.value("log-level") ?? environment["REMINDERS_LOG_LEVEL"] else { return .info }
        guard let level = Logger.Level(name: name) else {
            throw UsageError("unknown log level \"\(name)\" (debug, info, warning, error)")
        }
        return level
    }
}
