import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import Synchronization
import TestSupport
import Testing
import VoiceAPI
import VoiceSimulator
import Worker

/// A fresh database with one campaign of contacts, the simulator, the webhook receiver, and a
/// dispatcher configured for seconds-scale tests.
final class DispatchFixture {
    static let key = "test-key-0123456789"

    let db: Connection
    let url: String
    let simulator: VoiceSimulator
    let client: VoiceClient
    let receiverPort: UInt16
    let campaignName: String

    /// The simulator's window: 60 dials in 6 s is 600 a minute, scaled 60× from the provider's 10.
    static let window = Duration.seconds(6)

    init(db: Connection, url: String, receiverPort: UInt16, campaign: String = "dispatch-test",
         configure: (inout SimulatorConfiguration) -> Void = { _ in }, clientTimeout: Duration = .seconds(5)) throws {
        self.db = db
        self.url = url
        self.receiverPort = receiverPort
        self.campaignName = campaign
        var configuration = SimulatorConfiguration(apiKey: Self.key, timing: .fast)
        configuration.limits = RateLimits(perWindow: [.dial: 60, .session: 300, .status: 600, .list: 300], window: Self.window)
        configure(&configuration)
        simulator = VoiceSimulator(configuration: configuration)
        let port = try simulator.start(host: "127.0.0.1", port: 0)
        client = VoiceClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), apiKey: try APIKey(Self.key), timeout: clientTimeout)
    }

    deinit { simulator.shutdown() }

    /// Runs `body` with a migrated database and a receiver on it (real time).
    static func with<Result>(now: @escaping @Sendable () -> Date = { Date() }, _ body: (Connection, String, UInt16) throws -> Result) throws -> Result {
        try TestDatabase.withMigrated { db, url in
            let receiver = WebhookReceiver(databaseURL: url, poolSize: 4, logger: Logger(level: .error), now: now)
            let port = try receiver.start(host: "127.0.0.1", port: 0)
            defer { receiver.shutdown(gracePeriod: .seconds(2)) }
            return try body(db, url, port)
        }
    }

    /// Saves the campaign: calls any time of day, 600 a minute, short calls polled soon.
    func saveCampaign(extra: String = "") throws {
        let file = """
            {"name": "\(campaignName)", "agent_id": "agent_1", "from_number": "+15550100000", "timezone": "UTC",
             "max_duration": 5, "status_poll_grace": "0s",
             "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
             "rate_limit": {"per_minute": 600}\(extra)}
            """
        try CampaignStore.save(try Campaign.parse(Data(file.utf8), file: "t.json"), db)
    }

    /// Adds contacts with these numbers, each with a first attempt due now and an appointment in two days.
    func addContacts(_ numbers: [String], due: Date = Date()) throws {
        let campaign = try CampaignStore.load(name: campaignName, db)
        for (index, number) in numbers.enumerated() {
            let contact = try db.query("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                VALUES (\(campaign.id), \("c\(index)"), \(number), 'UTC', \(due.addingTimeInterval(2 * 86_400)), '{}',
                        '{"first_name": "Ada"}', 'h') RETURNING id
                """)[0].decode("id", as: Int64.self)
            try db.execute("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number)
                VALUES (\(contact), \(campaign.id), 1, 'scheduled', \(due), \(number))
                """)
        }
    }

    /// Each of `numbers` dialed once: what `dialsByNumber()` must be when nobody got two calls.
    static func eachOnce(_ numbers: [String]) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: numbers.map { ($0, 1) })
    }

    /// `count` distinct numbers ending in `lastDigit` (the simulator's rules: 0 completes, 6 no
    /// answer), with a 0 before it: a patient who confirms (`PatientAnswer`).
    static func numbers(_ count: Int, lastDigit: Int = 0, prefix: String = "+1555") -> [String] {
        (0..<count).map { index in prefix + String(format: "%04d", index) + "0\(lastDigit)" }
    }

    /// Seconds-scale timing for tests.
    func configuration(batch: Bool = true) -> DispatcherConfiguration {
        var configuration = DispatcherConfiguration(
            campaigns: [campaignName], batch: batch, webhookBaseURL: "http://127.0.0.1:\(receiverPort)",
            workerName: "test", dialLimit: RateLimit(perMinute: 600, burst: 1))
        configuration.heartbeatInterval = 0.2
        configuration.staleAfter = 2
        configuration.maintenanceInterval = 0.2
        configuration.idleWait = 0.1
        configuration.adoptionGrace = 1.5
        configuration.reconcileInterval = 0.3
        configuration.pollBackoff = Backoff(base: 0.2, cap: 1)
        configuration.transientBackoff = Backoff(base: 0.05, cap: 0.2)
        configuration.outagePause = 0.5
        configuration.statusLimit = RateLimit(perMinute: 6_000, burst: 1)
        configuration.sessionsLimit = RateLimit(perMinute: 3_000, burst: 1)
        configuration.transcriptLimit = RateLimit(perMinute: 3_000, burst: 1)
        configuration.answersDatabaseURL = url
        configuration.answerBackoff = Backoff(base: 0.2, cap: 1)
        return configuration
    }

    /// A dispatcher with its own connection.
    func dispatcher(
        _ configuration: DispatcherConfiguration? = nil, clock: DispatchClock = .system,
        stop: @escaping @Sendable () -> Bool = { false }
    ) throws -> Dispatcher {
        try Dispatcher(
            db: try Connection(url: url), client: client, configuration: configuration ?? self.configuration(), clock: clock,
            logger: Logger(level: .error), stopRequested: stop)
    }

    /// Dial requests the simulator received for each number: those that placed a call (whatever
    /// was answered), or all of them.
    func dialsByNumber(acceptedOnly: Bool = true) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in simulator.log where entry.kind == .request && entry.path == "/voice/outbound/dial" {
            guard let number = entry.toNumber else { continue }
            if acceptedOnly && entry.callID == nil { continue }
            counts[number, default: 0] += 1
        }
        return counts
    }

    func contactStatuses() throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.query("SELECT status, count(*)::int AS n FROM contacts GROUP BY status") {
            counts[try row.decode("status", as: String.self)] = try row.decode("n", as: Int.self)
        }
        return counts
    }
}

/// A flag one thread sets and another reads.
final class Flag: Sendable {
    private let state = Mutex(false)

    var isSet: Bool { state.withLock { $0 } }

    func set() { state.withLock { $0 = true } }
}
