import Foundation
import Reminders
import Testing

@Suite struct ReportHTMLTests {
    static let hostile = "<script>alert('x')</script> & \"quoted\" https://evil.example/"

    static func report(name: String = "clinic", timeline: [TimelineMinute] = [], outside: Int = 0) -> Report {
        var attempts = AttemptCounts()
        attempts.total = 4
        attempts.placed = 4
        attempts.completed = 2
        attempts.noAnswer = 2
        return Report(
            campaign: name, generatedAt: Date(timeIntervalSince1970: 0),
            contacts: ContactCounts(total: 3, reached: 2, notReached: 1, pending: 0, skipped: 0, cancelled: 0),
            attempts: attempts, durations: DurationSummary(calls: 2, mean: 30, median: 30, p90: 38),
            rateLimit: .default, timeline: timeline, callsOutsideCallingHours: outside,
            rateLimited: RateLimitedCounts(attemptsLastAnswered429: 0, accountBuckets: 0),
            ambiguous: [AmbiguousResolution(resolvedBy: name == hostile ? hostile : "webhook", outcome: "completed", attempts: 1)])
    }

    static func notReached(_ id: String) -> ReportContactRow {
        ReportContactRow(id: id, phone: "+12125550100", status: "not_reached", statusReason: hostile, attempts: 2,
                         lastOutcome: "no_answer", lastCallAt: Date(timeIntervalSince1970: 60), callIDs: ["c1"])
    }

    static func render(_ report: Report, rows: [ReportContactRow]) -> String {
        var renderer = HTMLReportRenderer()
        return renderer.render(report, rows: rows)
    }

    @Test func everyValueIsEscapedAndThePageIsWellFormed() throws {
        let minutes = (0..<3).map { TimelineMinute(minute: Date(timeIntervalSince1970: Double($0) * 60), dials: 10 + $0) }
        let html = Self.render(Self.report(name: Self.hostile, timeline: minutes), rows: [Self.notReached(Self.hostile)])
        try HTMLChecker.check(html)
        #expect(!html.lowercased().contains("<script"))
        // The hostile text may show a URL as text, but nothing refers to anything outside the page.
        for reference in ["src=", "href=", "url(", "@import", "<link", "<iframe", "<object"] {
            #expect(!html.contains(reference), "\(reference)")
        }
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"))
        #expect(html.contains("<meta name=\"viewport\""))
        #expect(html.contains("@media print"))
    }

    @Test func theTimelineMarksMinutesOverTheLimitAndDrawsTheLimit() throws {
        let minutes = [TimelineMinute(minute: Date(timeIntervalSince1970: 0), dials: 10),
                       TimelineMinute(minute: Date(timeIntervalSince1970: 120), dials: 12)]
        let html = Self.render(Self.report(timeline: minutes), rows: [])
        try HTMLChecker.check(html)
        let timeline = try #require(html.components(separatedBy: "<svg class=\"timeline\"").last)
        #expect(timeline.components(separatedBy: "<rect class=\"ok\"").count == 2)
        #expect(timeline.components(separatedBy: "<rect class=\"bad\"").count == 2)
        #expect(timeline.contains("<line class=\"limit\""))
        #expect(timeline.contains("limit 10/min"))
        #expect(html.contains("minutes over the limit of 10: 1."))
    }

    @Test func aLongCampaignIsGroupedIntoAtMostTheBarLimit() throws {
        let minutes = (0..<1_000).map { TimelineMinute(minute: Date(timeIntervalSince1970: Double($0) * 60), dials: 1 + $0 % 10) }
        let html = Self.render(Self.report(timeline: minutes), rows: [])
        let timeline = try #require(html.components(separatedBy: "<svg class=\"timeline\"").last)
        let bars = timeline.components(separatedBy: "<rect ").count - 1
        #expect(bars > 0 && bars <= HTMLReportRenderer.maxTimelineBars)
        #expect(html.contains("Each bar is the busiest minute of 9."))
    }

    @Test func noDialsAndNoNotReachedContactsReadAsSuch() throws {
        let html = Self.render(Self.report(), rows: [])
        try HTMLChecker.check(html)
        #expect(html.contains("<p>No dials yet.</p>"))
        #expect(!html.contains("http:") && !html.contains("https:"))
        #expect(html.contains("<td colspan=\"6\">None.</td>"))
    }

    @Test func callsOutsideCallingHoursAreHighlighted() {
        #expect(Self.render(Self.report(outside: 2), rows: []).contains("<div class=\"alert\"><dt>Calls outside calling hours</dt><dd>2</dd>"))
        #expect(Self.render(Self.report(), rows: []).contains("<div><dt>Calls outside calling hours</dt><dd>0</dd>"))
    }

    @Test func asksOnlyForTheContactsNotReached() {
        #expect(HTMLReportRenderer().rowStatuses == ["not_reached"])
    }
}

/// A small well-formedness check: every tag closed in order (or self-closed with `/>`), attribute
/// values quoted, no `<` in text, every `&` an entity the renderer writes. Enough to catch a
/// value that escaped escaping or a chart that lost a closing tag.
enum HTMLChecker {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link"]
    static let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"]

    static func check(_ html: String) throws {
        var stack: [String] = []
        var rest = Substring(html)
        guard rest.hasPrefix("<!DOCTYPE html>") else { throw Problem(description: "no doctype") }
        rest = rest.dropFirst("<!DOCTYPE html>".count)
        while let open = rest.firstIndex(of: "<") {
            try checkText(rest[..<open])
            guard let close = rest[open...].firstIndex(of: ">") else { throw Problem(description: "unterminated tag") }
            let tag = rest[rest.index(after: open)..<close]
            rest = rest[rest.index(after: close)...]
            if tag.hasPrefix("/") {
                let name = String(tag.dropFirst())
                guard stack.popLast() == name else { throw Problem(description: "</\(name)> closes the wrong element") }
                continue
            }
            let name = String(tag.prefix { $0.isLetter || $0.isNumber })
            guard !name.isEmpty else { throw Problem(description: "bad tag <\(tag)>") }
            try checkAttributes(tag.dropFirst(name.count))
            if tag.hasSuffix("/") || voidElements.contains(name) { continue }
            if name == "style" {
                // Raw text up to its end tag; CSS here holds no `<`.
                guard let end = rest.range(of: "</style>") else { throw Problem(description: "unclosed style") }
                rest = rest[end.upperBound...]
                continue
            }
            stack.append(name)
        }
        try checkText(rest)
        guard stack.isEmpty else { throw Problem(description: "unclosed: \(stack)") }
    }

    static func checkText(_ text: Substring) throws {
        var rest = text
        while let amp = rest.firstIndex(of: "&") {
            guard entities.contains(where: { rest[amp...].hasPrefix($0) }) else {
                throw Problem(description: "bare & in \(text.prefix(40))")
            }
            rest = rest[rest.index(after: amp)...]
        }
        if text.contains(">") { throw Problem(description: "bare > in text \(text.prefix(40))") }
    }

    static func checkAttributes(_ text: Substring) throws {
        var rest = text
        while let equals = rest.firstIndex(of: "=") {
            let value = rest[rest.index(after: equals)...]
            guard value.first == "\"", let end = value.dropFirst().firstIndex(of: "\"") else {
                throw Problem(description: "unquoted attribute in \(text.prefix(60))")
            }
            try checkText(value[value.index(after: value.startIndex)..<end])
            rest = value[value.index(after: end)...]
        }
    }
}
