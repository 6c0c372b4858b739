public import Foundation

/// The most calls one phone number may get, across campaigns, so nobody is pestered.
///
/// Windows are rolling, not calendar days: a dial at `t` is allowed when fewer than `perDay`
/// earlier dials fall in `(t − 24 h, t]` and fewer than `perWeek` in `(t − 7 d, t]`. Rolling
/// windows need no time zone and hold for every 24 h / 7 d span, so two calls can never sit
/// either side of a midnight.
public struct FrequencyCap: Sendable, Equatable {
    /// Dials allowed in any rolling 24 hours.
    public let perDay: Int
    /// Dials allowed in any rolling 7 days.
    public let perWeek: Int

    /// The cap used when a campaign does not say: one call a day, three a week.
    public static let `default` = FrequencyCap(perDay: 1, perWeek: 3)

    private static let day: TimeInterval = 86_400
    private static let week: TimeInterval = 7 * 86_400

    /// Creates a cap; values below 1 are raised to 1.
    public init(perDay: Int, perWeek: Int) {
        self.perDay = max(perDay, 1)
        self.perWeek = max(perWeek, 1)
    }

    /// Whether a dial at `now` is allowed, given earlier dials to the same number.
    ///
    /// Dials recorded after `now` (clock skew between workers) count as inside the window.
    public func check(earlierDials: [Date], now: Date) -> Decision {
        let waits = [
            earliestAllowed(earlierDials, limit: perDay, window: Self.day, now: now),
            earliestAllowed(earlierDials, limit: perWeek, window: Self.week, now: now),
        ]
        guard let until = waits.compactMap({ $0 }).max() else { return .allowed }
        return .wait(until: until)
    }

    /// The result of a frequency check.
    public enum Decision: Sendable, Equatable {
        /// The number may be dialed now.
        case allowed
        /// The number may not be dialed before this instant.
        case wait(until: Date)
    }

    /// Nil when allowed now; else the instant enough dials have left the window.
    private func earliestAllowed(_ dials: [Date], limit: Int, window: TimeInterval, now: Date) -> Date? {
        let inWindow = dials.filter { $0 > now.addingTimeInterval(-window) }.sorted()
        guard inWindow.count >= limit else { return nil }
        // Once this many of the oldest have aged out, one slot is free.
        let mustExpire = inWindow.count - limit + 1
        return inWindow[mustExpire - 1].addingTimeInterval(window)
    }
}
