import Foundation

/// Polls `condition` until it holds or `timeout` passes; returns whether it held.
///
/// Tests wait on observable state with this instead of sleeping for a guessed time.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        usleep(2000)
    }
    return condition()
}

/// Runs `body` on a new thread and returns a semaphore signalled when it finishes.
func onThread(_ body: @escaping @Sendable () -> Void) -> DispatchSemaphore {
    let done = DispatchSemaphore(value: 0)
    Thread {
        body()
        done.signal()
    }.start()
    return done
}
