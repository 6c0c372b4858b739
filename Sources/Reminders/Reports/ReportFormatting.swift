public import Foundation

/// Number and time formatting shared by the report renderers: deterministic, locale-free, and
/// cheap enough to run once per row over a million rows (Foundation's formatters are not).
public enum ReportFormatting {
    /// `2026-11-25T01:59:16Z`: UTC, whole seconds (fractions are truncated).
    public static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        guard (0...9_999).contains(year) else { return "\(year)-\(month)-\(day)T00:00:00Z" }
        // Written digit by digit into a fixed buffer: this runs once per row in CSV and JSON.
        return String(unsafeUninitializedCapacity: 20) { buffer in
            func put(_ value: Int, _ width: Int, at offset: Int) {
                var value = value
                for index in stride(from: offset + width - 1, through: offset, by: -1) {
                    buffer[index] = UInt8(ascii: "0") + UInt8(value % 10)
                    value /= 10
                }
            }
            put(year, 4, at: 0)
            put(month, 2, at: 5)
            put(day, 2, at: 8)
            put(secondOfDay / 3_600, 2, at: 11)
            put(secondOfDay / 60 % 60, 2, at: 14)
            put(secondOfDay % 60, 2, at: 17)
            for (offset, byte) in [(4, "-"), (7, "-"), (10, "T"), (13, ":"), (16, ":"), (19, "Z")] as [(Int, Unicode.Scalar)] {
                buffer[offset] = UInt8(ascii: byte)
            }
            return 20
        }
    }

    /// `2026-11-25 01:59 UTC`, for people.
    public static func minute(_ date: Date) -> String {
        let text = timestamp(date)
        return String(text.prefix(10)) + " " + String(text.dropFirst(11).prefix(5)) + " UTC"
    }

    /// A number rounded to at most `places` decimals with trailing zeros dropped: `30`, `0.5`, `0.6667`.
    public static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.\(places)f", value)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A ratio as a percentage with one decimal: `66.7%`; an em dash when there is no ratio.
    public static func percent(_ ratio: Double?) -> String {
        guard let ratio else { return "—" }
        return decimal(ratio * 100, places: 1) + "%"
    }

    /// Year, month and day of a day counted from 1970-01-01 (the inverse of the era algorithm in
    /// `ProlepticGregorian.daysSinceEpoch`).
    static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
