public import Foundation

/// The dispatcher's time: the wall clock it decides with and how it sleeps. Tests inject a
/// clock to check calling hours and caps at chosen instants.
public struct DispatchClock: Sendable {
    /// The current instant.
    public var now: @Sendable () -> Date
    /// Blocks the calling thread for the duration.
    public var sleep: @Sendable (Duration) -> Void

    /// Creates a clock.
    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) -> Void) {
        self.now = now
        self.sleep = sleep
    }

    /// The machine's clock and a real sleep.
    public static let system = DispatchClock(
        now: { Date() },
        sleep: { duration in Thread.sleep(forTimeInterval: duration.timeInterval) })
}
