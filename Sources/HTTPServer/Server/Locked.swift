import Foundation

/// A value shared between threads, only reachable while holding its lock.
///
/// `@unchecked Sendable` is sound here: `value` is private and every access goes through
/// `withLock` or `wait`, which hold `condition` for the whole access, so no two threads ever
/// touch it at once; `Value: Sendable` makes handing copies out of the lock safe too.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access and wakes every waiter afterwards, as the value may have changed.
    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        condition.lock()
        defer {
            condition.broadcast()
            condition.unlock()
        }
        return try body(&value)
    }

    /// Blocks until `predicate` holds or `deadline` passes; returns whether it holds.
    func wait(until deadline: ContinuousClock.Instant, for predicate: (Value) -> Bool) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while !predicate(value) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            _ = condition.wait(until: Date(timeIntervalSinceNow: remaining.seconds))
        }
        return true
    }
}

extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// Milliseconds for `poll(2)`, rounded up so a wait never ends before its deadline.
    var pollMilliseconds: Int32 {
        guard self > .zero else { return 0 }
        let milliseconds = (seconds * 1000).rounded(.up)
        return Int32(min(milliseconds, Double(Int32.max)))
    }
}
