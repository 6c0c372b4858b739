/// A compact summary for a terminal; no contact rows (use csv, json or html for those).
public struct TextReportRenderer: ReportRenderer {
    public init() {}

    public var rowStatuses: Set<String>? { [] }

    public mutating func begin(_ report: Report) -> String {
        typealias F = ReportFormatting
        let contacts = report.contacts
        let attempts = report.attempts
        let durations = report.durations
        let scope = report.runID.map { " (run \($0))" } ?? ""
        var lines = [
            "Campaign \(report.campaign)\(scope), generated \(F.timestamp(report.generatedAt))",
            "",
            "Contacts     \(contacts.total) total: \(contacts.reached) reached, \(contacts.notReached) not reached, "
                + "\(contacts.pending) pending, \(contacts.skipped) skipped, \(contacts.cancelled) cancelled",
        ]
        lines += Self.reasonLines("not reached", contacts.notReachedByReason)
        lines += Self.reasonLines("skipped", contacts.skippedByReason)
        if !contacts.answers.isEmpty {
            lines.append("Answers      " + Answer.allCases.compactMap { answer in
                contacts.answers[answer].map { "\($0) " + answer.rawValue.split(separator: "_").joined(separator: " ") }
            }.joined(separator: ", "))
        }
        if let counts = report.writebacks {
            lines.append("Write-back   \(counts.summary)" + (counts.failed > 0 ? " (failed: see reminders writeback --retry-failed)" : ""))
        }
        lines += [
            "Reach rate   \(F.percent(report.reachRate)) of settled contacts; "
                + "\(report.attemptsPerReachedContact.map { F.decimal($0, places: 2) } ?? "—") attempts per reached contact",
            "Attempts     \(attempts.total) total, \(attempts.placed) placed (\(attempts.retries) retries): "
                + "\(attempts.completed) completed, \(attempts.noAnswer) no answer, \(attempts.busy) busy, "
                + "\(attempts.failed) failed, \(attempts.unknown) unknown, \(attempts.inFlight) in flight, "
                + "\(attempts.scheduled) scheduled, \(attempts.skipped) skipped, \(attempts.cancelled) cancelled",
            "Durations    " + (durations.calls == 0 ? "no completed calls" :
                "\(durations.calls) calls: mean \(Self.seconds(durations.mean)), median \(Self.seconds(durations.median)), "
                + "p90 \(Self.seconds(durations.p90))"),
            "Dial rate    limit \(report.rateLimit.perMinute)/min (burst \(report.rateLimit.burst)); busiest minute "
                + "\(report.busiestMinute) dials; minutes over the limit: \(report.minutesOverLimit)",
            "Safety       calls outside calling hours: \(report.callsOutsideCallingHours)"
                + (report.callsOutsideCallingHours > 0 ? " (must be 0: investigate)" : ""),
            "429s         attempts last answered 429: \(report.rateLimited.attemptsLastAnswered429); "
                + "account dial buckets, all campaigns: \(report.rateLimited.accountBuckets)",
        ]
        if report.ambiguous.isEmpty {
            lines.append("Ambiguous    none")
        } else {
            lines.append("Ambiguous    " + report.ambiguous.map { group in
                group.resolvedBy == "unresolved" ? "\(group.attempts) still \(group.outcome)"
                    : "\(group.attempts) resolved by \(group.resolvedBy) as \(group.outcome)"
            }.joined(separator: "; "))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public mutating func row(_ row: ReportContactRow) -> String { "" }

    public mutating func end() -> String { "" }

    private static func reasonLines(_ label: String, _ reasons: [ReasonCount]) -> [String] {
        guard !reasons.isEmpty else { return [] }
        return ["  \(label): " + reasons.map { "\($0.reason) \($0.count)" }.joined(separator: ", ")]
    }

    private static func seconds(_ value: Double?) -> String {
        value.map { ReportFormatting.decimal($0, places: 1) + " s" } ?? "—"
    }
}
