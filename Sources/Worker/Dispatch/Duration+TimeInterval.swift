import Foundation

/// Durations as the seconds Foundation and the database speak.
extension Duration {
    /// The duration in (fractional) seconds.
    var timeInterval: TimeInterval {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// A duration from seconds; negative values become zero.
    static func interval(_ seconds: TimeInterval) -> Duration {
        .microseconds(Int64((max(seconds, 0) * 1_000_000).rounded(.up)))
    }
}
