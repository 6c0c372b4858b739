import Foundation
import Timestamps

/// Timestamps as Postgres reads them and (with `DateStyle=ISO`) prints them, plus its infinities.
enum PostgresTimestamp {
    /// `2026-11-25T01:27:56.123456Z`: UTC, to the nearest microsecond (Postgres's own precision):
    /// a Date computed in Swift rarely holds an exact microsecond, and truncating lost one.
    static func format(_ date: Date) -> String {
        if date == .distantFuture { return "infinity" }
        if date == .distantPast { return "-infinity" }
        return InternetTimestamp.format(date, fractionDigits: 6, rounding: .toNearestOrAwayFromZero)
    }

    /// Reads `timestamptz` (with an offset), `timestamp` and `date` values (read as UTC), or `±infinity`.
    static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Date? {
        if text.elementsEqual("infinity".utf8) { return .distantFuture }
        if text.elementsEqual("-infinity".utf8) { return .distantPast }
        return InternetTimestamp.parse(text, assumingUTC: true)
    }
}
