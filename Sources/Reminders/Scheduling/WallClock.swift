import Foundation

/// Conversions between instants and a zone's wall clock, done with plain arithmetic on the
/// zone's UTC offset so that DST gaps and folds are handled explicitly, not by Calendar's rules.
struct WallClock {
    let timeZone: TimeZone

    private static let secondsPerDay = 86_400

    /// The local civil day (days since 1970-01-01) and the seconds into it at `instant`.
    func localDayAndSecond(of instant: Date) -> (day: Int, second: Int) {
        let utc = Int(instant.timeIntervalSince1970.rounded(.down))
        let local = utc + timeZone.secondsFromGMT(for: instant)
        let day = Self.floorDivide(local, Self.secondsPerDay)
        return (day, local - day * Self.secondsPerDay)
    }

    /// The first instant whose wall clock reads `second` into civil day `day`.
    ///
    /// In a fold (the clock repeats) the earlier instant is returned; in a gap (the clock skips
    /// the time) the first valid instant after it, which is the moment of the transition.
    func instant(day: Int, second: Int) -> Date {
        let wall = day * Self.secondsPerDay + second
        // Offsets in force around the wall time; zones change offset at most once within a day.
        let probes = [wall - Self.secondsPerDay, wall, wall + Self.secondsPerDay]
        let offsets = Set(probes.map { timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double($0))) })
        let candidates = offsets.map { wall - $0 }.sorted()
        if let exact = candidates.first(where: { offset(at: $0) == wall - $0 }) {
            return Date(timeIntervalSince1970: Double(exact))
        }
        // A gap: search for the transition between the two candidates, where the offset changes.
        guard var low = candidates.first, var high = candidates.last, low < high else {
            return Date(timeIntervalSince1970: Double(wall - offset(at: wall)))
        }
        let before = offset(at: low)
        while high - low > 1 {
            let middle = low + (high - low) / 2
            if offset(at: middle) == before { low = middle } else { high = middle }
        }
        return Date(timeIntervalSince1970: Double(high))
    }

    private func offset(at utcSecond: Int) -> Int {
        timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(utcSecond)))
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }
}
