import Foundation
import Logging
import Postgres
import Worker

/// `reminders serve [--listen HOST:PORT]`: the webhook receiver with `/healthz`, and `/metrics` apart.
enum ServeCommand: Command {
    static let spec = CommandSpec(
        name: "serve",
        summary: "Receive the provider's webhooks (POST /webhooks/voice/{token}) and serve /healthz; /metrics on its own listener.",
        options: [
            .init("listen", value: "HOST:PORT", help: "Address to listen on (default: 127.0.0.1:8080; port 0 picks a free one)."),
            .init(
                "metrics-listen", value: "HOST:PORT",
                help: "Serve GET /metrics here (default: \(ListenAddress.defaultMetrics); off: not at all)."),
            .init("pool-size", value: "N", help: "Database connections (default: \(WebhookReceiver.defaultPoolSize))."),
            .init("concurrent-batches", value: "N", help: "Event transactions at once; events arriving meanwhile are grouped (default: \(WebhookReceiver.defaultConcurrentBatches))."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: "Runs until SIGINT or SIGTERM, then finishes the requests in flight and exits 0."
    )

    /// How long in-flight requests get to finish after a stop signal: one transaction takes
    /// milliseconds, so this only matters for a database that has stalled.
    static let shutdownGrace = Duration.seconds(5)
    /// How often the stop flag is checked; the receiver's own threads do the work meanwhile.
    static let stopPollInterval = 0.1

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let address: ListenAddress
        do {
            address = try arguments.value("listen").map { try ListenAddress(parsing: $0) } ?? .default
        } catch {
            throw CommandError("--listen: \(error)")
        }
        var poolSize = WebhookReceiver.defaultPoolSize
        if let text = arguments.value("pool-size") {
            guard let size = Int(text), (1...256).contains(size) else { throw CommandError("--pool-size must be 1 to 256") }
            poolSize = size
        }
        var batches = WebhookReceiver.defaultConcurrentBatches
        if let text = arguments.value("concurrent-batches") {
            guard let count = Int(text), (1...64).contains(count) else { throw CommandError("--concurrent-batches must be 1 to 64") }
            batches = count
        }
        let receiver = WebhookReceiver(
            databaseURL: try Settings.databaseURL(arguments, context), poolSize: poolSize, logger: context.logger,
            maxConcurrentBatches: batches, signature: try Settings.webhookSignature(context))
        let port: UInt16
        do {
            port = try receiver.start(host: address.host, port: address.port)
        } catch {
            throw CommandError("cannot listen on \(address): \(error)")
        }
        let metrics: String?
        do {
            metrics = try Settings.startMetrics(receiver, arguments, fallback: .defaultMetrics)
        } catch {
            receiver.shutdown(gracePeriod: .zero)
            throw error
        }
        context.print("reminders serve listening on \(address.host):\(port)")
        if let metrics { context.print("metrics on \(metrics)") }
        // Scripts wait for that line with stdout on a pipe or file, where it would sit in the buffer.
        fflush(nil)
        context.logger.info("serving webhooks", ["listen": .text("\(address.host):\(port)")])
        while !context.stopRequested() {
            Thread.sleep(forTimeInterval: stopPollInterval)
        }
        context.logger.info("stopping: finishing requests in flight")
        receiver.shutdown(gracePeriod: shutdownGrace)
        return 0
    }
}
