import Testing
@testable import Reminders

@Suite("CampaignDuration")
struct DurationTests {
    @Test(arguments: [
        ("45s", 45), ("30m", 1_800), ("24h", 86_400), ("2d", 172_800), ("1h30m", 5_400),
        ("1d2h3m4s", 93_784), ("0s", 0), ("90m", 5_400), ("366d", 366 * 86_400),
    ])
    func parsesWrittenDurations(text: String, seconds: Int) throws {
        #expect(try CampaignDuration(parsing: text).seconds == seconds)
    }

    @Test(arguments: [
        "", "5x", "5", "h", "30m1h", "1h1h", "-5s", "1.5h", " 5s", "5s ", "5S", "1s5", "1 h",
        "9999999999s", "367d", "١s", "5sec", "s5",
    ])
    func rejectsMalformedDurations(text: String) {
        #expect(throws: CampaignDurationError(text: text)) { try CampaignDuration(parsing: text) }
    }

    @Test func errorQuotesTheText() {
        #expect(CampaignDurationError(text: "5x").description == "\"5x\" is not a duration")
    }

    @Test(arguments: [(5_400, "1h30m"), (90, "1m30s"), (0, "0s"), (86_400, "1d"), (93_784, "1d2h3m4s"), (7_200, "2h")])
    func writesCanonicalForm(seconds: Int, text: String) {
        #expect(CampaignDuration(seconds: seconds).description == text)
    }

    @Test func canonicalFormParsesBack() throws {
        for seconds in stride(from: 0, through: 3 * 86_400, by: 997) {
            let duration = CampaignDuration(seconds: seconds)
            #expect(try CampaignDuration(parsing: duration.description) == duration)
        }
    }

    @Test func clampsOutOfRangeSeconds() {
        #expect(CampaignDuration(seconds: -5).seconds == 0)
        #expect(CampaignDuration(seconds: Int.max).seconds == CampaignDuration.maximumSeconds)
    }
}
