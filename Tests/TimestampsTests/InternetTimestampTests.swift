import Foundation
import Testing
import Timestamps

@Suite struct InternetTimestampTests {
    @Test(arguments: [
        ("2026-11-25T01:27:56Z", 1_795_570_076.0),
        ("2026-11-25 01:27:56+00", 1_795_570_076.0),
        ("2026-11-25T06:57:56+05:30", 1_795_570_076.0),
        ("2026-11-24T20:27:56-0500", 1_795_570_076.0),
        ("2026-11-25T01:27:56.5Z", 1_795_570_076.5),
        ("2026-11-25T01:27:56.123456z", 1_795_570_076.123456),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func parsesInstantsWithOffsets(text: String, seconds: Double) throws {
        let date = try #require(InternetTimestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 0.000_001)
    }

    @Test(arguments: [
        "", "2026-11-25", "2026-11-25T01:27:56", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
        "2026-11-25T25:00:00Z", "2026-11-25T01:27:56.Z", "2026-11-25T01:27:56+5", "2026-11-25T01:27:56Z junk",
        "26-11-25T01:27:56Z",
    ])
    func refusesMalformedText(text: String) {
        #expect(InternetTimestamp.parse(text) == nil)
    }

    @Test func readsOffsetlessTextAsUTCOnlyWhenAsked() {
        #expect(InternetTimestamp.parse("2026-11-25 01:27:56") == nil)
        #expect(InternetTimestamp.parse("2026-11-25 01:27:56", assumingUTC: true) == Date(timeIntervalSince1970: 1_795_570_076))
        #expect(InternetTimestamp.parse("2026-11-25", assumingUTC: true) == Date(timeIntervalSince1970: 1_795_564_800))
    }

    @Test func formatsWithTheRequestedFraction() {
        let date = Date(timeIntervalSince1970: 1_795_570_076.123456)
        #expect(InternetTimestamp.format(date) == "2026-11-25T01:27:56Z")
        #expect(InternetTimestamp.format(date, fractionDigits: 3) == "2026-11-25T01:27:56.123Z")
        #expect(InternetTimestamp.format(date, fractionDigits: 6) == "2026-11-25T01:27:56.123456Z")
        #expect(InternetTimestamp.format(Date(timeIntervalSince1970: -0.25), fractionDigits: 3) == "1969-12-31T23:59:59.750Z")
    }

    @Test func formatAndParseRoundTripOverCenturies() throws {
        var seconds = -2_208_988_800.0  // 1900-01-01
        while seconds < 4_102_444_800 {  // 2100-01-01
            let date = Date(timeIntervalSince1970: seconds)
            #expect(InternetTimestamp.parse(InternetTimestamp.format(date)) == date)
            seconds += 86_400 * 37 + 3_661
        }
    }

    @Test func civilDateRoundTrips() {
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
            #expect(CivilDate.daysSinceEpoch(year: year, month: month, day: day) == days)
        }
    }
}
