/// Which deadline applies to a connection's next read: sans-IO, time is passed in.
///
/// Each phase gets its own budget measured from when the phase began, not from the last byte,
/// so a client trickling one byte at a time (slowloris) cannot keep a connection forever. A new
/// connection waits for its first request under its own, shorter budget than a kept-alive one.
struct RequestDeadline<Instant: InstantProtocol>: Sendable where Instant.Duration == Duration {
    /// The budget for each phase of a request.
    struct Timeouts: Sendable {
        /// Waiting for the first byte of a connection's first request.
        var firstRequest: Duration
        /// Waiting for the first byte of a later request.
        var idle: Duration
        var head: Duration
        var body: Duration

        func budget(for phase: RequestParser.Phase, answeredBefore: Bool) -> Duration {
            switch phase {
            case .idle: answeredBefore ? idle : firstRequest
            case .head: head
            case .body: body
            }
        }
    }

    let timeouts: Timeouts
    private(set) var phase = RequestParser.Phase.idle
    private var phaseStarted: Instant
    /// Whether a response went out on this connection, which ends its first-request wait.
    private var answeredBefore = false

    /// Starts in the idle phase at `now` (a new connection waits for its first request).
    init(timeouts: Timeouts, now: Instant) {
        self.timeouts = timeouts
        phaseStarted = now
    }

    /// Records that a response went out: the connection waits for its next request from `now`.
    mutating func responseSent(now: Instant) {
        answeredBefore = true
        phase = .idle
        phaseStarted = now
    }

    /// The deadline for the next read while the parser is in `parserPhase`; a new phase restarts the clock.
    mutating func deadline(parserPhase: RequestParser.Phase, now: Instant) -> Instant {
        if parserPhase != phase {
            phase = parserPhase
            phaseStarted = now
        }
        return phaseStarted.advanced(by: timeouts.budget(for: phase, answeredBefore: answeredBefore))
    }
}
