import Foundation
import Reminders
import Testing

@Suite struct ReportFormattingTests {
    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (951_782_400.0, "2000-02-29T00:00:00Z"),   // a leap day in a year divisible by 400
        (4_107_542_399.9, "2100-02-28T23:59:59Z"), // 2100 is not a leap year; fractions truncate
        (1_795_000_000.0, "2026-11-18T11:06:40Z"),
        (-1.0, "1969-12-31T23:59:59Z"),
    ])
    func timestampsAreUTCWholeSeconds(seconds: Double, expected: String) {
        #expect(ReportFormatting.timestamp(Date(timeIntervalSince1970: seconds)) == expected)
    }

    /// Every day across four centuries agrees with Foundation's formatter.
    @Test func timestampsAgreeWithFoundationOverManyDays() {
        let formatter = ISO8601DateFormatter()
        for day in stride(from: -40_000, to: 60_000, by: 7) {
            let date = Date(timeIntervalSince1970: Double(day) * 86_400 + 45_296)
            #expect(ReportFormatting.timestamp(date) == formatter.string(from: date))
        }
    }

    @Test(arguments: [
        (30.0, 1, "30"), (0.5, 4, "0.5"), (2.0 / 3.0, 4, "0.6667"), (56.04, 1, "56"), (-0.01, 1, "0"),
        (Double.nan, 2, "0"),
    ])
    func decimalsDropTrailingZeros(value: Double, places: Int, expected: String) {
        #expect(ReportFormatting.decimal(value, places: places) == expected)
    }

    @Test func percentAndMinute() {
        #expect(ReportFormatting.percent(0.75) == "75%")
        #expect(ReportFormatting.percent(2.0 / 3.0) == "66.7%")
        #expect(ReportFormatting.percent(nil) == "—")
        #expect(ReportFormatting.minute(Date(timeIntervalSince1970: 1_795_000_000)) == "2026-11-18 11:06 UTC")
    }
}
