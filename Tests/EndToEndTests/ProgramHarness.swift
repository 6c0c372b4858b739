import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Postgres
import Synchronization
import TestSupport
import Testing
import VoiceAPI
import VoiceSimulator

/// The built `reminders` executable as separate processes, against an in-process simulator.
struct ProgramHarness {
    static let key = "e2e-key-0123456789"
    static var reminders: URL { TestDatabase.binDirectory.appendingPathComponent("reminders") }
    static var available: Bool { FileManager.default.isExecutableFile(atPath: reminders.path) }

    /// The simulator's window: 60 dials in any 6 s, the provider's 10 a minute scaled 60×.
    static let window = Duration.seconds(6)
    static let dialsPerWindow = 60

    let simulator: VoiceSimulator
    let simulatorURL: String
    let databaseURL: String
    let directory: URL

    init(databaseURL: String, configure: (inout SimulatorConfiguration) -> Void = { _ in }) throws {
        var configuration = SimulatorConfiguration(apiKey: Self.key, timing: .fast)
        configuration.limits = RateLimits(
            perWindow: [.dial: Self.dialsPerWindow, .session: 300, .status: 600, .list: 300], window: Self.window)
        configure(&configuration)
        simulator = VoiceSimulator(configuration: configuration)
        simulatorURL = "http://127.0.0.1:\(try simulator.start(host: "127.0.0.1", port: 0))"
        self.databaseURL = databaseURL
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() {
        simulator.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    /// The environment every process gets: scaled timing so recovery takes seconds, and the
    /// test run's shifted clock when scripts/test runs it under libfaketime, so the programs read
    /// the same time as the tests and their Postgres.
    var environment: [String: String] {
        let inherited = ProcessInfo.processInfo.environment.filter { name, _ in
            name == "PATH" || name == "LD_PRELOAD" || name.hasPrefix("FAKETIME")
        }
        return inherited.merging([
            "DATABASE_URL": databaseURL, "VOICE_API_BASE_URL": simulatorURL, "VOICE_API_KEY": Self.key,
            "REMINDERS_LOG_LEVEL": "error", "REMINDERS_STALE_AFTER": "1", "REMINDERS_ADOPTION_GRACE": "2",
            "REMINDERS_MAINTENANCE_INTERVAL": "0.2", "REMINDERS_STATUS_PER_MINUTE": "6000",
            "REMINDERS_SESSIONS_PER_MINUTE": "3000", "REMINDERS_TRANSCRIPT_PER_MINUTE": "3000",
        ]) { _, own in own }
    }

    /// The campaign's rate: just under the simulator's 600 a minute. Our limiter leaves a jitter
    /// budget of 0.5 % per interval, 300 ms per minute-long window; the 6 s test window leaves a
    /// tenth of that, less than a cold first request from a newly started process can take on a
    /// busy machine. The benchmark (scripts/bench-limiter) checks the full rate against a 60 s window.
    static let campaignPerMinute = 590

    /// Writes the campaign and `count` contacts (numbers ending in 0: the simulator completes them) and imports them.
    func importContacts(_ count: Int, name: String = "e2e") throws {
        let campaign = directory.appendingPathComponent("\(name).json")
        try Data("""
            {"name": "\(name)", "agent_id": "agent_e2e", "from_number": "+12125550199", "timezone": "UTC",
             "max_duration": 5, "status_poll_grace": "0s",
             "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
             "rate_limit": {"per_minute": \(Self.campaignPerMinute)}, "context": {"ref": "{{id}}"}}
            """.utf8).write(to: campaign)
        var csv = "id,phone,timezone,appointment_at\n"
        let appointment = AppointmentAhead.utc()
        for index in 0..<count { csv += "A\(index),\(Self.number(index)),UTC,\(appointment)\n" }
        let file = directory.appendingPathComponent("\(name).csv")
        try Data(csv.utf8).write(to: file)
        let result = try runToEnd(["import", file.path, "--campaign", campaign.path])
        guard result == 0 else { throw TestSetupError("import exited \(result)") }
    }

    static func number(_ index: Int) -> String { "+1212555" + String(format: "%02d", index) + "00" }

    /// Starts `reminders ARGS…`; output is discarded (logs on stderr at level error only).
    func start(_ arguments: [String], extraEnvironment: [String: String] = [:]) throws -> Process {
        let process = Process()
        process.executableURL = Self.reminders
        process.arguments = arguments
        process.environment = environment.merging(extraEnvironment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `reminders ARGS…` to its end (at most `timeout`); returns its exit status.
    func runToEnd(_ arguments: [String], timeout: Duration = .seconds(60), extraEnvironment: [String: String] = [:]) throws -> Int32 {
        let process = try start(arguments, extraEnvironment: extraEnvironment)
        let command = "reminders \(arguments.first ?? "")"
        switch process.finish(within: timeout) {
        case .exited(let status): return status
        case .signalled(let signal): throw TestSetupError("\(command) was ended by signal \(signal)")
        case .timedOut: throw TestSetupError("\(command) did not finish in \(timeout), so it was stopped")
        }
    }

    /// Dial requests that placed a call at the simulator (whatever it answered), by number.
    func placedDials() -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in dialEntries where entry.callID != nil {
            if let number = entry.toNumber { counts[number, default: 0] += 1 }
        }
        return counts
    }

    var dialEntries: [SimulatorLogEntry] {
        simulator.log.filter { $0.kind == .request && $0.path == "/voice/outbound/dial" }
    }

    /// The most dials the simulator received in any window of its length.
    func mostDialsInAnyWindow() -> Int {
        let times = dialEntries.map(\.elapsedMilliseconds).sorted()
        let window = Int64(Self.window / .milliseconds(1))
        var most = 0
        var first = 0
        for (index, time) in times.enumerated() {
            while times[first] <= time - window { first += 1 }
            most = max(most, index - first + 1)
        }
        return most
    }

    func contactStatuses(_ db: Connection) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try db.query("SELECT status, count(*)::int AS n FROM contacts GROUP BY status") {
            counts[try row.decode("status", as: String.self)] = try row.decode("n", as: Int.self)
        }
        return counts
    }
}

extension ProgramHarness {
    /// Starts `reminders serve` on a free port; returns the process and its base URL.
    ///
    /// The port is found by binding a throwaway listener first: serve's announcement on stdout is
    /// block-buffered when stdout is a pipe, so it cannot be read while serve runs.
    func startReceiver() throws -> (Process, String) {
        let probe = VoiceSimulator(configuration: SimulatorConfiguration(apiKey: Self.key))
        let port = try probe.start(host: "127.0.0.1", port: 0)
        probe.shutdown()
        let process = try start(["serve", "--listen", "127.0.0.1:\(port)", "--metrics-listen", "127.0.0.1:0"])
        let base = "http://127.0.0.1:\(port)"
        let answering = eventually(timeout: .seconds(10)) {
            Self.answers(port: port)
        }
        guard answering else {
            process.stop()
            throw TestSetupError("reminders serve did not start on port \(port)")
        }
        return (process, base)
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func answers(port: UInt16) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
