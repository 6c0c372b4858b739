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
        #expect(html.contains("<p>Nobody to follow up.</p>"))
    }

    @Test func callsOutsideCallingHoursAreHighlighted() {
        #expect(Self.render(Self.report(outside: 2), rows: []).contains("<div class=\"alert\"><dt>Calls outside calling hours</dt><dd>2</dd>"))
        #expect(Self.render(Self.report(), rows: []).contains("<div><dt>Calls outside calling hours</dt><dd>0</dd>"))
    }

    /// A combining mark after `<` forms one Character with it; escaping must still catch the `<`.
    @Test func combiningMarksDoNotHideMarkup() throws {
        let sneaky = "<\u{301}img onerror=x>\u{301}"
        let html = Self.render(Self.report(), rows: [Self.notReached(sneaky)])
        try HTMLChecker.check(html)
        #expect(html.contains("&lt;\u{301}img onerror=x&gt;\u{301}"))
    }

    @Test(arguments: [
        "<!DOCTYPE html><p>open", "<!DOCTYPE html><p>a & b</p>", "<!DOCTYPE html><p x=1>a</p>",
        "<!DOCTYPE html><p><b>a</p></b>", "<!DOCTYPE html><p>a > b</p>", "<p>no doctype</p>",
    ])
    func theCheckerRejectsBrokenPages(html: String) {
        #expect(throws: HTMLChecker.Problem.self) { try HTMLChecker.check(html) }
    }

    @Test func theTableStopsAtItsLimitAndSaysHowManyAreLeftOut() throws {
        let rows = (0...HTMLReportRenderer.maxTableRows).map { Self.notReached("id-\($0)") }
        let html = Self.render(Self.report(), rows: rows)
        try HTMLChecker.check(html)
        #expect(html.contains("<td>id-\(HTMLReportRenderer.maxTableRows - 1)</td>"))
        #expect(!html.contains("<td>id-\(HTMLReportRenderer.maxTableRows)</td>"))
        #expect(html.contains("1 more not shown; the CSV report lists every contact."))
    }

    @Test func asksForEveryContactAndListsOnlyThoseToFollowUp() throws {
        #expect(HTMLReportRenderer().rowStatuses == nil)
        func contact(_ id: String, _ status: String, answer: Answer?) -> ReportContactRow {
            ReportContactRow(id: id, phone: "+12125550100", status: status, attempts: 1, lastOutcome: "completed", lastCallAt: nil,
                             callIDs: [], answer: answer?.rawValue, appointmentAt: Date(timeIntervalSince1970: 1_800_000_000),
                             timeZone: "America/New_York")
        }
        let rows = [
            contact("C1", "reached", answer: .confirmed), contact("M1", "reached", answer: .rescheduleRequested),
            contact("X1", "reached", answer: .cancelRequested), contact("U1", "reached", answer: .unclear),
            contact("W1", "reached", answer: .wrongNumber), contact("V1", "not_reached", answer: .voicemail),
            contact("P1", "pending", answer: nil),
        ]
        let html = Self.render(Self.report(), rows: rows)
        try HTMLChecker.check(html)
        #expect(html.contains("<h2>Follow-up (5)</h2>"))
        #expect(!html.contains("<td>C1</td>") && !html.contains("<td>P1</td>"))
        // Grouped in the order staff work them, each with the appointment in the contact's zone.
        let list = try #require(html.components(separatedBy: "<h2>Follow-up").last)
        let order = ["Wants another time", "Wants to cancel", "Answer unclear", "Wrong number", "Not reached"]
            .compactMap { list.range(of: $0)?.lowerBound }
        #expect(order.count == 5 && order == order.sorted())
        #expect(html.contains("<td>M1</td><td>+1 212 555 0100</td><td>\(ReportFormatting.local(Date(timeIntervalSince1970: 1_800_000_000), in: try #require(TimeZone(identifier: "America/New_York"))))</td>"))
    }
}

extension ReportHTMLTests {
    /// The worklist carries the campaign's `report_fields` after the id, numbers in the clinic's
    /// national format (others internationally), and the write-back's counts, failures flagged.
    @Test func theWorklistShowsTheCampaignsFieldsAndNumbersAsDialled() throws {
        var report = Self.report()
        report.reportFields = ["Patient", "Provider"]
        report.phoneDisplay = PhoneDisplay(homeCountryCode: 1)
        report.writebacks = WritebackCounts(applied: 3, pending: 1, failed: 2)
        var row = ReportContactRow(id: "M1", phone: "+12125550100", status: "reached", attempts: 1, lastOutcome: "completed",
                                   lastCallAt: nil, callIDs: [], answer: Answer.rescheduleRequested.rawValue)
        row.fields = ["Ann <O'Brien>", ""]
        var abroad = row
        abroad.id = "M2"
        abroad.phone = "+447700900123"
        let html = Self.render(report, rows: [row, abroad])
        try HTMLChecker.check(html)
        #expect(html.contains("<th>ID</th><th>Patient</th><th>Provider</th><th>Phone</th>"))
        #expect(html.contains("<td>M1</td><td>Ann &lt;O&#39;Brien&gt;</td><td>—</td><td>(212) 555-0100</td>")
            || html.contains("<td>M1</td><td>Ann &lt;O'Brien&gt;</td><td>—</td><td>(212) 555-0100</td>"))
        #expect(html.contains("<td>+44 7700 900123</td>"))
        #expect(html.contains("<div class=\"alert\"><dt>Written back to the practice system</dt><dd>3 applied, 1 pending, 2 failed</dd></div>"))
    }
}

/// A small well-formedness check: every tag closed in order (or self-closed with `/>`), attribute
/// values quoted, no `<` or `>` in text, every `&` an entity the renderer writes. Enough to catch
/// a value that escaped escaping or a chart that lost a closing tag. Works on bytes, so a
/// combining mark cannot glue itself to a `<` and hide it.
enum HTMLChecker {
    struct Problem: Error, CustomStringConvertible {
        let description: String
    }

    static let voidElements: Set<String> = ["meta", "br", "hr", "img", "input", "link"]
    static let entities = ["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].map { Array($0.utf8) }

    static func check(_ html: String) throws {
        let bytes = Array(html.utf8)
        let doctype = Array("<!DOCTYPE html>".utf8)
        guard bytes.starts(with: doctype) else { throw Problem(description: "no doctype") }
        var stack: [String] = []
        var position = doctype.count
        while let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")) {
            try checkText(bytes[position..<open])
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) else { throw Problem(description: "unterminated tag") }
            let tag = bytes[(open + 1)..<close]
            position = close + 1
            if tag.first == UInt8(ascii: "/") {
                let name = String(decoding: tag.dropFirst(), as: UTF8.self)
                guard stack.popLast() == name else { throw Problem(description: "</\(name)> closes the wrong element") }
                continue
            }
            let nameBytes = tag.prefix { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            let name = String(decoding: nameBytes, as: UTF8.self)
            guard !name.isEmpty else { throw Problem(description: "bad tag <\(String(decoding: tag, as: UTF8.self))>") }
            try checkAttributes(tag.dropFirst(nameBytes.count))
            if tag.last == UInt8(ascii: "/") || voidElements.contains(name) { continue }
            if name == "style" {
                // Raw text up to its end tag; the CSS here holds no `<`.
                guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "<")),
                      bytes[end...].starts(with: Array("</style>".utf8))
                else { throw Problem(description: "unclosed style") }
                position = end + "</style>".utf8.count
                continue
            }
            stack.append(name)
        }
        try checkText(bytes[position...])
        guard stack.isEmpty else { throw Problem(description: "unclosed: \(stack)") }
    }

    static func checkText(_ text: ArraySlice<UInt8>) throws {
        for index in text.indices {
            switch text[index] {
            case UInt8(ascii: "&"):
                guard entities.contains(where: { text[index...].starts(with: $0) }) else {
                    throw Problem(description: "bare & in \(String(decoding: text.prefix(40), as: UTF8.self))")
                }
            case UInt8(ascii: ">"), UInt8(ascii: "<"):
                throw Problem(description: "bare < or > in \(String(decoding: text.prefix(40), as: UTF8.self))")
            default:
                continue
            }
        }
    }

    static func checkAttributes(_ text: ArraySlice<UInt8>) throws {
        var rest = text
        while let equals = rest.firstIndex(of: UInt8(ascii: "=")) {
            let value = rest[(equals + 1)...]
            guard value.first == UInt8(ascii: "\""), let end = value.dropFirst().firstIndex(of: UInt8(ascii: "\"")) else {
                throw Problem(description: "unquoted attribute in \(String(decoding: text.prefix(60), as: UTF8.self))")
            }
            try checkText(value[(value.startIndex + 1)..<end])
            rest = value[(end + 1)...]
        }
    }
}
