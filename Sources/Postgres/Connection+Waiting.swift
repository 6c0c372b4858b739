import Foundation

extension PostgresError {
    /// Whether the server is away for now (down, starting up, shutting down, unreachable, out of
    /// connection slots, a lost connection), so a long-running command should wait and carry on
    /// rather than fail. A failed connection counts unless libpq says the settings are wrong
    /// (password, role, database, URL), which waiting cannot mend.
    public var meansServerUnavailable: Bool {
        if kind == .connectionLost { return true }
        if kind == .connectionFailed {
            // libpq gives no SQLSTATE for a failed connection; these are its words (and the
            // server's) for settings that are wrong, in any libpq of the last decade.
            let wrongSettings = ["password authentication failed", "authentication failed", "no password supplied",
                                 "does not exist", "invalid connection option", "invalid URI", "missing \"=\"",
                                 "no pg_hba.conf entry"]
            return !wrongSettings.contains { summary.contains($0) }
        }
        guard let state = sqlState else { return false }
        // 08: connection exception; 57: operator intervention (admin shutdown, cannot connect now).
        return state.codeClass == "08" || state.codeClass == "57"
    }
}

extension Connection {
    /// Connects to `url`, waiting while the server is unavailable (a restart, a failover) for at
    /// most `patience`, with waits doubling from 0.5 s to 10 s. Any other error, or a stop request
    /// (`stop`), ends the wait with the last error. `waiting` hears of each wait, for the log.
    public static func connect(
        url: String, applicationName: String = "reminders", waitingUpTo patience: Duration,
        stop: () -> Bool = { false }, waiting: (PostgresError, Duration) -> Void = { _, _ in }
    ) throws -> Connection {
        let deadline = ContinuousClock.now + patience
        var pause = Duration.milliseconds(500)
        while true {
            do {
                return try Connection(url: url, applicationName: applicationName)
            } catch let error as PostgresError where error.meansServerUnavailable {
                let left = deadline - ContinuousClock.now
                guard left > .zero, !stop() else { throw error }
                let wait = min(pause, left)
                waiting(error, wait)
                let until = ContinuousClock.now + wait
                while ContinuousClock.now < until, !stop() { Thread.sleep(forTimeInterval: 0.05) }
                pause = min(pause * 2, .seconds(10))
            }
        }
    }
}
