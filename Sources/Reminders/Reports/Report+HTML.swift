import Foundation

/// One self-contained HTML page: inline CSS and SVG, no scripts, nothing fetched from elsewhere.
/// Outcome and answer bars, the dial timeline against the limit, and the follow-up list staff
/// work from: who wants another time, who wants to cancel, whose answer is unclear, wrong
/// numbers, and who was not reached. It reads on a phone (viewport, fluid SVG), in a browser,
/// and printed.
public struct HTMLReportRenderer: ReportRenderer {
    /// Bars in the timeline chart: more minutes are grouped, each bar showing its busiest minute,
    /// so the chart stays readable and small whatever the campaign's length.
    public static let maxTimelineBars = 120
    /// Rows in the follow-up list: beyond this a browser struggles; the CSV has them all.
    public static let maxTableRows = 5_000

    /// The follow-up list's groups, in the order staff work them.
    enum FollowUp: CaseIterable {
        case reschedule, cancel, unclear, wrongNumber, notReached

        var title: String {
            switch self {
            case .reschedule: "Wants another time"
            case .cancel: "Wants to cancel"
            case .unclear: "Answer unclear: call back"
            case .wrongNumber: "Wrong number: check the record"
            case .notReached: "Not reached"
            }
        }

        /// The group a contact belongs to, if any: by their answer, else not reached.
        init?(_ row: ReportContactRow) {
            switch row.answer.flatMap(Answer.init(rawValue:)) {
            case .rescheduleRequested?: self = .reschedule
            case .cancelRequested?: self = .cancel
            case .unclear?: self = .unclear
            case .wrongNumber?: self = .wrongNumber
            default:
                guard row.status == "not_reached" else { return nil }
                self = .notReached
            }
        }
    }

    private var followUps: [FollowUp: [ReportContactRow]] = [:]
    /// Contacts' zones as read so far (see `ReportContactRow.appointmentLocal`).
    private var zones: [String: TimeZone?] = [:]
    private var rowsShown = 0
    /// The campaign's `report_fields` (extra columns) and its phone format, from `begin`.
    private var fieldNames: [String] = []
    private var phoneDisplay = PhoneDisplay(homeCountryCode: nil)
    private var rowsLeftOut = 0

    public init() {}

    /// Every contact: the follow-up list picks them by answer as well as by status.
    public var rowStatuses: Set<String>? { nil }

    public mutating func begin(_ report: Report) -> String {
        typealias F = ReportFormatting
        fieldNames = report.reportFields
        phoneDisplay = report.phoneDisplay
        let title = "Reminder report: " + Self.escape(report.campaign)
            + (report.runID.map { " (run \($0))" } ?? "")
        let contacts = report.contacts
        let attempts = report.attempts
        let contactBars: [(String, Int, String)] = [
            ("Reached", contacts.reached, "ok"), ("Not reached", contacts.notReached, "bad"),
            ("Pending", contacts.pending, "wait"), ("Skipped", contacts.skipped, "muted"),
            ("Cancelled", contacts.cancelled, "muted"),
        ]
        let attemptBars: [(String, Int, String)] = [
            ("Completed", attempts.completed, "ok"), ("No answer", attempts.noAnswer, "bad"),
            ("Busy", attempts.busy, "bad"), ("Failed", attempts.failed, "bad"),
            ("Unknown", attempts.unknown, "warn"), ("In flight", attempts.inFlight, "wait"),
            ("Scheduled", attempts.scheduled, "wait"), ("Skipped", attempts.skipped, "muted"),
            ("Cancelled", attempts.cancelled, "muted"),
        ]
        let durations = report.durations
        let figures: [(String, String)] = [
            ("Contacts", String(contacts.total)),
            ("Reach rate", F.percent(report.reachRate)),
            ("Attempts per reached contact", report.attemptsPerReachedContact.map { F.decimal($0, places: 2) } ?? "—"),
            ("Placed attempts", "\(attempts.placed) (\(attempts.retries) retries)"),
            ("Call duration", durations.calls == 0 ? "—" : "mean \(Self.seconds(durations.mean)), median "
                + "\(Self.seconds(durations.median)), p90 \(Self.seconds(durations.p90))"),
            ("Calls outside calling hours", String(report.callsOutsideCallingHours)),
            ("429s (this campaign / all, account buckets)",
             "\(report.rateLimited.attemptsLastAnswered429) / \(report.rateLimited.accountBuckets)"),
        ] + (report.writebacks.map { [("Written back to the practice system", $0.summary)] } ?? [])
        var html = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(title)</title>
            <style>\(Self.css)</style>
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            <p class="meta">Generated \(Self.escape(F.timestamp(report.generatedAt)))</p>
            <section><h2>Summary</h2><dl>
            """
        for (label, value) in figures {
            let alert = (label.hasPrefix("Calls outside") && report.callsOutsideCallingHours > 0)
                || (label.hasPrefix("Written back") && (report.writebacks?.failed ?? 0) > 0) ? " class=\"alert\"" : ""
            html += "<div\(alert)><dt>\(Self.escape(label))</dt><dd>\(Self.escape(value))</dd></div>\n"
        }
        html += "</dl></section>\n"
        html += "<section><h2>Contacts</h2>\n" + Self.bars(contactBars, label: "Contacts by settlement") + "</section>\n"
        if !contacts.answers.isEmpty {
            let tones: [Answer: String] = [.confirmed: "ok", .cancelRequested: "bad", .rescheduleRequested: "warn",
                                           .wrongNumber: "bad", .voicemail: "muted", .unclear: "wait"]
            let answerBars = Answer.allCases.map { answer in
                (answer.rawValue.split(separator: "_").joined(separator: " ").capitalizedFirst, contacts.answers[answer] ?? 0,
                 tones[answer] ?? "muted")
            }
            html += "<section><h2>What patients answered</h2>\n" + Self.bars(answerBars, label: "Contacts by answer") + "</section>\n"
        }
        html += "<section><h2>Attempts</h2>\n" + Self.bars(attemptBars, label: "Attempts by outcome") + "</section>\n"
        html += "<section><h2>Dials per minute</h2>\n" + Self.timeline(report) + "</section>\n"
        html += Self.ambiguousTable(report.ambiguous)
        return html
    }

    public mutating func row(_ row: ReportContactRow) -> String {
        guard let group = FollowUp(row) else { return "" }
        guard rowsShown < Self.maxTableRows else {
            rowsLeftOut += 1
            return ""
        }
        rowsShown += 1
        followUps[group, default: []].append(row)
        return ""
    }

    public mutating func end() -> String {
        var html = "<section><h2>Follow-up (\(rowsShown + rowsLeftOut))</h2>\n"
        if rowsShown == 0 { html += "<p>Nobody to follow up.</p>\n" }
        for group in FollowUp.allCases {
            guard let rows = followUps[group], !rows.isEmpty else { continue }
            html += """
                <h3>\(Self.escape(group.title)) (\(rows.count))</h3>
                <div class="scroll"><table>
                <thead><tr><th>ID</th>\(fieldNames.map { "<th>\(Self.escape($0))</th>" }.joined())<th>Phone</th><th>Appointment</th><th>Attempts</th><th>Last outcome</th><th>Last call (UTC)</th><th>Reason</th></tr></thead>
                <tbody>

                """
            for row in rows {
                let fields = fieldNames.indices.map { row.fields.indices.contains($0) && !row.fields[$0].isEmpty ? row.fields[$0] : "—" }
                let cells = [row.id] + fields + [
                    phoneDisplay.format(row.phone), row.appointmentLocal(zones: &zones) ?? "—", String(row.attempts), row.lastOutcome ?? "—",
                    row.lastCallAt.map(ReportFormatting.minute) ?? "—", row.statusReason ?? row.answer ?? "—",
                ]
                html += "<tr>" + cells.map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n"
            }
            html += "</tbody></table></div>\n"
        }
        if rowsLeftOut > 0 {
            html += "<p class=\"meta\">\(rowsLeftOut) more not shown; the CSV report lists every contact.</p>\n"
        }
        return html + "</section>\n</main>\n</body>\n</html>\n"
    }

    /// Horizontal bars, one per category, scaled to the largest.
    static func bars(_ bars: [(label: String, count: Int, tone: String)], label: String) -> String {
        let rowHeight = 22
        let height = bars.count * rowHeight
        let largest = max(bars.map(\.count).max() ?? 0, 1)
        var svg = "<svg class=\"bars\" viewBox=\"0 0 400 \(height)\" role=\"img\" aria-label=\"\(escape(label))\">\n"
        for (index, bar) in bars.enumerated() {
            let y = index * rowHeight
            let width = bar.count == 0 ? 0 : max(2, bar.count * 230 / largest)
            svg += "<text x=\"0\" y=\"\(y + 15)\">\(escape(bar.label))</text>"
                + "<rect class=\"\(bar.tone)\" x=\"110\" y=\"\(y + 3)\" width=\"\(width)\" height=\"16\"/>"
                + "<text x=\"\(116 + width)\" y=\"\(y + 15)\">\(bar.count)</text>\n"
        }
        return svg + "</svg>\n"
    }

    /// Dials per minute as bars, with the limit as a dashed line; long campaigns are grouped.
    static func timeline(_ report: Report) -> String {
        guard let first = report.timeline.first?.minute, let last = report.timeline.last?.minute else {
            return "<p>No dials yet.</p>\n"
        }
        let minutes = Int((last.timeIntervalSince(first) / 60).rounded()) + 1
        let group = (minutes + maxTimelineBars - 1) / maxTimelineBars
        var peaks = [Int](repeating: 0, count: (minutes + group - 1) / group)
        for entry in report.timeline {
            let index = Int((entry.minute.timeIntervalSince(first) / 60).rounded()) / group
            if peaks.indices.contains(index) { peaks[index] = max(peaks[index], entry.dials) }
        }
        let limit = report.maxDialsPerMinute
        let top = max(peaks.max() ?? 0, limit) + 1
        let (width, height, left, bottom) = (400.0, 150.0, 24.0, 18.0)
        let plotHeight = height - bottom - 10
        let barWidth = (width - left) / Double(peaks.count)
        func y(_ value: Int) -> Double { 10 + plotHeight * (1 - Double(value) / Double(top)) }
        var svg = "<svg class=\"timeline\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" "
            + "aria-label=\"Dials per minute against the limit\">\n"
        for (index, peak) in peaks.enumerated() where peak > 0 {
            let tone = peak > limit ? "bad" : "ok"
            svg += "<rect class=\"\(tone)\" x=\"\(fixed(left + Double(index) * barWidth))\" y=\"\(fixed(y(peak)))\" "
                + "width=\"\(fixed(max(barWidth - 1, 0.5)))\" height=\"\(fixed(y(0) - y(peak)))\"/>\n"
        }
        svg += "<line class=\"limit\" x1=\"\(Int(left))\" y1=\"\(fixed(y(limit)))\" x2=\"\(Int(width))\" y2=\"\(fixed(y(limit)))\"/>"
            + "<text x=\"\(Int(width) - 4)\" y=\"\(fixed(y(limit) - 4))\" text-anchor=\"end\">limit \(limit)/min</text>\n"
            + "<text x=\"\(Int(left) - 4)\" y=\"\(fixed(y(0)))\" text-anchor=\"end\">0</text>"
            + "<text x=\"\(Int(left) - 4)\" y=\"\(fixed(y(top - 1) + 4))\" text-anchor=\"end\">\(top - 1)</text>\n"
            + "<text x=\"\(Int(left))\" y=\"\(Int(height) - 4)\">\(escape(ReportFormatting.minute(first)))</text>"
            + "<text x=\"\(Int(width))\" y=\"\(Int(height) - 4)\" text-anchor=\"end\">\(escape(ReportFormatting.minute(last)))</text>\n"
        svg += "</svg>\n"
        let note = group > 1 ? " Each bar is the busiest minute of \(group)." : ""
        return svg + "<p class=\"meta\">Busiest minute \(report.busiestMinute) dials; minutes over the limit of \(limit): "
            + "\(report.minutesOverLimit).\(note)</p>\n"
    }

    static func ambiguousTable(_ groups: [AmbiguousResolution]) -> String {
        guard !groups.isEmpty else { return "<section><h2>Ambiguous attempts</h2><p>None.</p></section>\n" }
        var html = "<section><h2>Ambiguous attempts</h2><table><thead><tr><th>Resolved by</th><th>Outcome</th>"
            + "<th>Attempts</th></tr></thead><tbody>\n"
        for group in groups {
            html += "<tr><td>\(escape(group.resolvedBy))</td><td>\(escape(group.outcome))</td><td>\(group.attempts)</td></tr>\n"
        }
        return html + "</tbody></table></section>\n"
    }

    /// Text safe inside elements and quoted attributes. Scalars, not Characters: a combining mark
    /// after `<` makes one Character that would not compare equal to "<".
    static func escape(_ text: String) -> String {
        let special: Set<UInt8> = [UInt8(ascii: "&"), UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "\""), UInt8(ascii: "'")]
        guard text.utf8.contains(where: special.contains) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func fixed(_ value: Double) -> String { ReportFormatting.decimal(value, places: 1) }

    private static func seconds(_ value: Double?) -> String {
        value.map { ReportFormatting.decimal($0, places: 1) + " s" } ?? "—"
    }

    private static let css = """
        body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2430;background:#f6f7f9}
        main{max-width:960px;margin:0 auto;padding:16px}
        h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.15em;margin:0 0 .5em}
        section{background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:12px 16px;margin:12px 0;break-inside:avoid}
        .meta{color:#5b6472;font-size:.9em;margin:.3em 0}
        dl{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:8px;margin:0}
        dl div{background:#f2f4f7;border-radius:6px;padding:8px}dl div.alert{background:#fde8e8}
        dt{font-size:.8em;color:#5b6472}dd{margin:0;font-weight:600}
        svg{width:100%;height:auto;display:block}svg.bars{max-width:560px}svg.timeline{max-width:720px}svg text{font-size:11px;fill:#1d2430}
        rect.ok{fill:#2f855a}rect.bad{fill:#c53030}rect.warn{fill:#d69e2e}rect.wait{fill:#3182ce}rect.muted{fill:#a0aec0}
        line.limit{stroke:#c53030;stroke-width:1.5;stroke-dasharray:6 4}
        .scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;font-size:.9em}
        th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e2e8f0;white-space:nowrap}
        th{background:#f2f4f7}
        @media (max-width:600px){main{padding:8px}section{padding:8px}th,td{padding:3px 4px}}
        @media print{body{background:#fff}section{border:none;padding:0}.scroll{overflow:visible}main{max-width:none}}
        """
}

private extension String {
    /// The text with its first letter in capitals ("reschedule requested" → "Reschedule requested").
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
