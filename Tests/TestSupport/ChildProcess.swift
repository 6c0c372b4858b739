public import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a child process of a test ended, or that it had to be stopped.
public enum ProgramExit: Equatable, Sendable {
    /// It exited by itself with this status.
    case exited(Int32)
    /// A signal ended it.
    case signalled(Int32)
    /// It was still running when the wait ran out, and was stopped and reaped.
    case timedOut
}

extension Process {
    /// Waits at most `timeout` for the process to end and says how it ended. One still running
    /// then is stopped and reaped (see `stop`) and the answer is `.timedOut`: the calling test
    /// fails on it, the runner goes on, and no process is left behind.
    ///
    /// `terminationStatus` is only read once the process has been reaped: Foundation traps when
    /// it is read earlier, which took the whole test run down.
    public func finish(within timeout: Duration) -> ProgramExit {
        guard eventually(timeout: timeout, interval: .milliseconds(50), { !isRunning }) else {
            stop()
            return .timedOut
        }
        return terminationReason == .exit ? .exited(terminationStatus) : .signalled(terminationStatus)
    }

    /// Ends the process if it still runs: SIGTERM, then SIGKILL after `grace`, and waits until it
    /// has been reaped. For a test's `defer`, so a failing test leaves no process behind.
    public func stop(grace: Duration = .seconds(5)) {
        guard isRunning else { return }
        terminate()
        if eventually(timeout: grace, interval: .milliseconds(20), { !isRunning }) { return }
        kill(processIdentifier, SIGKILL)
        // SIGKILL cannot be caught; the wait is only for Foundation to reap the child.
        _ = eventually(timeout: .seconds(30), interval: .milliseconds(20)) { !isRunning }
    }
}
