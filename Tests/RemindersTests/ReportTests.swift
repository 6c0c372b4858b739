import Foundation
import Reminders
import Testing

@Suite struct ReportTests {
    @Test func ratiosAndLimitFigures() {
        var report = ReportHTMLTests.report(timeline: [
            TimelineMinute(minute: Date(timeIntervalSince1970: 0), dials: 3),
            TimelineMinute(minute: Date(timeIntervalSince1970: 60), dials: 12),
            TimelineMinute(minute: Date(timeIntervalSince1970: 120), dials: 11),
        ])
        #expect(report.reachRate == 2.0 / 3.0)
        #expect(report.attemptsPerReachedContact == 2)
        #expect(report.maxDialsPerMinute == 10)
        #expect(report.busiestMinute == 12)
        #expect(report.minutesOverLimit == 2)
        report.rateLimit = RateLimit(perMinute: 10, burst: 3)  // GCRA lets burst − 1 more into one window
        #expect(report.maxDialsPerMinute == 12)
        #expect(report.minutesOverLimit == 0)
    }

    @Test func noSettledOrReachedContactsMeansNoRatio() {
        var report = ReportHTMLTests.report()
        report.contacts = ContactCounts(total: 5, reached: 0, notReached: 0, pending: 5, skipped: 0, cancelled: 0)
        #expect(report.reachRate == nil)
        #expect(report.attemptsPerReachedContact == nil)
    }

    @Test func textNeedsNoRowsAndEndsWithANewline() {
        var renderer = TextReportRenderer()
        #expect(renderer.rowStatuses == [])
        let text = renderer.render(ReportHTMLTests.report(), rows: [])
        #expect(text.hasPrefix("Campaign clinic, generated 1970-01-01T00:00:00Z\n"))
        #expect(text.hasSuffix("\n"))
        #expect(text.contains("Durations    2 calls: mean 30 s, median 30 s, p90 38 s"))
    }

    @Test func everyFormatHasARenderer() {
        #expect(ReportFormat.allCases.map(\.rawValue) == ["text", "csv", "json", "html"])
        #expect(ReportFormat.json.renderer() is JSONReportRenderer)
    }
}
