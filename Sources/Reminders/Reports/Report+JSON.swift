import JSON

/// The report as JSON, the contract other programs read (README "Report JSON"): every count an
/// integer, keys in a fixed order, one contact row per line.
public struct JSONReportRenderer: ReportRenderer {
    private var rowsWritten = 0
    /// The campaign's `report_fields`, named in each row's `fields` object.
    private var fieldNames: [String] = []

    public init() {}

    public var rowStatuses: Set<String>? { nil }

    public mutating func begin(_ report: Report) -> String {
        let contacts = report.contacts
        let attempts = report.attempts
        let durations = report.durations
        var lines = [
            "\"campaign\": \(JSONString.quoted(report.campaign))",
            "\"run_id\": \(report.runID.map { String($0) } ?? "null")",
            "\"generated_at\": \(JSONString.quoted(ReportFormatting.timestamp(report.generatedAt)))",
            "\"contacts\": {\"total\": \(contacts.total), \"reached\": \(contacts.reached), "
                + "\"not_reached\": \(contacts.notReached), \"pending\": \(contacts.pending), "
                + "\"skipped\": \(contacts.skipped), \"cancelled\": \(contacts.cancelled), "
                + "\"skipped_by_reason\": \(Self.reasons(contacts.skippedByReason)), "
                + "\"not_reached_by_reason\": \(Self.reasons(contacts.notReachedByReason)), "
                + "\"answers\": {" + Answer.allCases.map { "\(JSONString.quoted($0.rawValue)): \(contacts.answers[$0] ?? 0)" }
                    .joined(separator: ", ") + "}}",
            "\"attempts\": {\"total\": \(attempts.total), \"placed\": \(attempts.placed), "
                + "\"retries\": \(attempts.retries), \"scheduled\": \(attempts.scheduled), "
                + "\"in_flight\": \(attempts.inFlight), \"completed\": \(attempts.completed), "
                + "\"no_answer\": \(attempts.noAnswer), \"busy\": \(attempts.busy), \"failed\": \(attempts.failed), "
                + "\"unknown\": \(attempts.unknown), \"skipped\": \(attempts.skipped), \"cancelled\": \(attempts.cancelled)}",
            "\"reach_rate\": \(Self.number(report.reachRate, places: 4))",
            "\"attempts_per_reached_contact\": \(Self.number(report.attemptsPerReachedContact, places: 4))",
            "\"call_duration_seconds\": {\"calls\": \(durations.calls), \"mean\": \(Self.number(durations.mean, places: 1)), "
                + "\"median\": \(Self.number(durations.median, places: 1)), \"p90\": \(Self.number(durations.p90, places: 1))}",
            "\"rate_limit\": {\"per_minute\": \(report.rateLimit.perMinute), \"burst\": \(report.rateLimit.burst), "
                + "\"max_dials_per_minute\": \(report.maxDialsPerMinute), \"busiest_minute\": \(report.busiestMinute), "
                + "\"minutes_over_limit\": \(report.minutesOverLimit)}",
            "\"dial_timeline\": [" + report.timeline.map { minute in
                "{\"minute\": \(JSONString.quoted(ReportFormatting.timestamp(minute.minute))), \"dials\": \(minute.dials)}"
            }.joined(separator: ", ") + "]",
            "\"calls_outside_calling_hours\": \(report.callsOutsideCallingHours)",
            "\"rate_limited\": {\"attempts_last_answered_429\": \(report.rateLimited.attemptsLastAnswered429), "
                + "\"account_buckets_total\": \(report.rateLimited.accountBuckets)}",
            "\"ambiguous\": [" + report.ambiguous.map { group in
                "{\"resolved_by\": \(JSONString.quoted(group.resolvedBy)), \"outcome\": \(JSONString.quoted(group.outcome)), "
                    + "\"attempts\": \(group.attempts)}"
            }.joined(separator: ", ") + "]",
        ]
        if let counts = report.writebacks {
            lines.append("\"writeback\": {\"applied\": \(counts.applied), \"pending\": \(counts.pending), \"failed\": \(counts.failed)}")
        }
        fieldNames = report.reportFields
        if let transcripts = report.transcripts {
            lines.append("\"transcripts\": [" + transcripts.map(Self.transcript).joined(separator: ", ") + "]")
        }
        lines = lines.map { "  " + $0 }
        return "{\n" + lines.joined(separator: ",\n") + ",\n  \"contact_rows\": ["
    }

    public mutating func row(_ row: ReportContactRow) -> String {
        defer { rowsWritten += 1 }
        let calls = row.callIDs.map(JSONString.quoted).joined(separator: ", ")
        return (rowsWritten == 0 ? "\n" : ",\n")
            + "    {\"id\": \(JSONString.quoted(row.id)), \"status\": \(JSONString.quoted(row.status)), "
            + "\"status_reason\": \(row.statusReason.map(JSONString.quoted) ?? "null"), \"attempts\": \(row.attempts), "
            + "\"last_outcome\": \(row.lastOutcome.map(JSONString.quoted) ?? "null"), "
            + "\"last_call_at\": \(row.lastCallAt.map { JSONString.quoted(ReportFormatting.timestamp($0)) } ?? "null"), "
            + "\"call_ids\": [\(calls)]"
            + (row.phoneColumn.map { ", \"phone_column\": " + JSONString.quoted($0) } ?? "")
            + (row.answer.map { ", \"answer\": " + JSONString.quoted($0) } ?? "")
            + (fieldNames.isEmpty ? "" : ", \"fields\": {" + fieldNames.enumerated().map { index, name in
                JSONString.quoted(name) + ": " + JSONString.quoted(row.fields.indices.contains(index) ? row.fields[index] : "")
            }.joined(separator: ", ") + "}") + "}"
    }

    public mutating func end() -> String {
        (rowsWritten == 0 ? "]" : "\n  ]") + "\n}\n"
    }

    private static func transcript(_ call: CallTranscript) -> String {
        let turns = call.turns.map { "{\"role\": \(JSONString.quoted($0.role)), \"text\": \(JSONString.quoted($0.text))}" }
        return "{\"contact_id\": \(JSONString.quoted(call.contactID)), \"call_id\": \(JSONString.quoted(call.callID)), "
            + "\"turns\": [\(turns.joined(separator: ", "))], "
            + "\"recording\": " + (call.recordingID.map { id in
                "{\"id\": \(JSONString.quoted(id)), \"url\": \(call.recordingURL.map(JSONString.quoted) ?? "null"), "
                    + "\"duration\": \(call.recordingDuration.map { String($0) } ?? "null")}"
            } ?? "null")
            + ", \"error\": \(call.error.map(JSONString.quoted) ?? "null")}"
    }

    private static func reasons(_ reasons: [ReasonCount]) -> String {
        "{" + reasons.map { "\(JSONString.quoted($0.reason)): \($0.count)" }.joined(separator: ", ") + "}"
    }

    private static func number(_ value: Double?, places: Int) -> String {
        value.map { ReportFormatting.decimal($0, places: places) } ?? "null"
    }
}
