import Foundation
import Postgres
import Reminders
import RemindersStore
import Testing

/// A small campaign whose every report figure was counted by hand (see the comments), shared by
/// the report query and rendering tests.
///
/// Calling hours 09:00–20:00 every day, limit 4 dials a minute. On 2026-11-20 New York is UTC−5
/// and London UTC+0. The test call (kind `test`) is dialed at 22:00 New York time: it must count
/// nowhere, not even as a call outside calling hours.
enum ReportFixture {
    static let runID: Int64 = 77

    static func campaign(name: String = "fixture") -> Campaign {
        Campaign(name: name, agentID: "agent_1", fromNumber: "+12125550000",
                 timeZone: TimeZone(identifier: "America/New_York") ?? .gmt,
                 rateLimit: RateLimit(perMinute: 4, burst: 1))
    }

    static func at(_ time: String) -> Date {
        ISO8601DateFormatter().date(from: "2026-11-20T\(time)Z") ?? .distantPast
    }

    /// Saves the campaign and its contacts and attempts.
    static func load(_ db: Connection) throws -> StoredCampaign {
        let stored = try CampaignStore.save(campaign(), db)
        var builder = Builder(db: db, campaignID: stored.id)
        try db.execute("INSERT INTO runs (id, kind, host, pid) VALUES (\(runID), 'run', 'test-host', 1)")
        let ny = "America/New_York", london = "Europe/London"

        let c1 = try builder.contact("A1", "+12125550101", ny, "reached")
        try builder.attempt(c1, 1, "no_answer", dialed: "14:00:10", callID: "call-1a")
        try builder.attempt(c1, 2, "completed", dialed: "14:30:05", callID: "call-1b", duration: 40)
        try builder.attempt(c1, 1, "completed", dialed: "03:00:00", callID: "call-t1", duration: 999, kind: "test")

        let c2 = try builder.contact("A2", "+12125550102", ny, "reached")
        try builder.attempt(c2, 1, "completed", dialed: "14:00:20", callID: "call-2a", duration: 60)

        let c3 = try builder.contact("A3,\"<b>\"", "+12125550103", ny, "not_reached", reason: "attempts_exhausted:busy")
        try builder.attempt(c3, 1, "busy", dialed: "14:00:30", callID: "call-3a")
        try builder.attempt(c3, 2, "busy", dialed: "14:31:00", callID: "call-3b", runID: runID)
        try builder.attempt(c3, 3, "busy", dialed: "15:00:00", callID: "call-3c", runID: runID)

        let c4 = try builder.contact("A4", "+12125550104", ny, "skipped", reason: "suppressed")
        try builder.attempt(c4, 1, "skipped")
        _ = try builder.contact("A5", "+12125550105", ny, "skipped", reason: "invalid_window")

        let c6 = try builder.contact("A6", "+12125550106", ny, "pending")
        try builder.attempt(c6, 1, "failed", dialed: "14:00:40")
        try builder.attempt(c6, 2, "scheduled", providerStatus: 429)

        let c7 = try builder.contact("A7", "+12125550107", ny, "cancelled")
        try builder.attempt(c7, 1, "cancelled")

        let c8 = try builder.contact("B1", "+447700900108", london, "reached")
        try builder.attempt(c8, 1, "completed", dialed: "14:00:50", callID: "call-8a", duration: 20, resolvedBy: "sessions")

        // 21:30 in London: outside the hours, the one call the report must flag.
        let c9 = try builder.contact("B2", "+447700900109", london, "pending")
        try builder.attempt(c9, 1, "unknown", dialed: "21:30:00")

        let c10 = try builder.contact("A8", "+12125550110", ny, "pending")
        try builder.attempt(c10, 1, "in_progress", dialed: "14:01:00", callID: "call-10a")

        try db.execute("""
            INSERT INTO rate_buckets (account, endpoint, per_minute, burst, rate_limited)
            VALUES ('acct', 'dial', 10, 1, 7), ('acct', 'status', 60, 1, 3)
            """)
        return stored
    }

    static func expectedReport(generatedAt: Date) -> Report {
        var attempts = AttemptCounts()
        attempts.total = 13        // 2 + 1 + 3 + 1 + 2 + 1 + 1 + 1 + 1 campaign attempts (the test call left out)
        attempts.placed = 10       // all but the scheduled, skipped and cancelled ones
        attempts.retries = 3       // A1 #2, A3 #2, A3 #3
        attempts.scheduled = 1
        attempts.inFlight = 1
        attempts.completed = 3
        attempts.noAnswer = 1
        attempts.busy = 3
        attempts.failed = 1
        attempts.unknown = 1
        attempts.skipped = 1
        attempts.cancelled = 1
        return Report(
            campaign: "fixture", generatedAt: generatedAt,
            contacts: ContactCounts(
                total: 10, reached: 3, notReached: 1, pending: 3, skipped: 2, cancelled: 1,
                skippedByReason: [ReasonCount(reason: "invalid_window", count: 1), ReasonCount(reason: "suppressed", count: 1)],
                notReachedByReason: [ReasonCount(reason: "attempts_exhausted:busy", count: 1)]),
            attempts: attempts,
            // 20, 40, 60 s: p90 interpolates 40 + 0.8 × 20.
            durations: DurationSummary(calls: 3, mean: 40, median: 40, p90: 56),
            rateLimit: RateLimit(perMinute: 4, burst: 1),
            timeline: [("14:00:00", 5), ("14:01:00", 1), ("14:30:00", 1), ("14:31:00", 1), ("15:00:00", 1), ("21:30:00", 1)]
                .map { TimelineMinute(minute: at($0.0), dials: $0.1) },
            callsOutsideCallingHours: 1,
            rateLimited: RateLimitedCounts(attemptsLastAnswered429: 1, accountBuckets: 7),
            ambiguous: [AmbiguousResolution(resolvedBy: "sessions", outcome: "completed", attempts: 1),
                        AmbiguousResolution(resolvedBy: "unresolved", outcome: "unknown", attempts: 1)])
    }

    static let expectedRows: [ReportContactRow] = [
        ReportContactRow(id: "A1", phone: "+12125550101", status: "reached", attempts: 2, lastOutcome: "completed",
                         lastCallAt: at("14:30:05"), callIDs: ["call-1a", "call-1b"]),
        ReportContactRow(id: "A2", phone: "+12125550102", status: "reached", attempts: 1, lastOutcome: "completed",
                         lastCallAt: at("14:00:20"), callIDs: ["call-2a"]),
        ReportContactRow(id: "A3,\"<b>\"", phone: "+12125550103", status: "not_reached", statusReason: "attempts_exhausted:busy",
                         attempts: 3, lastOutcome: "busy", lastCallAt: at("15:00:00"), callIDs: ["call-3a", "call-3b", "call-3c"]),
        ReportContactRow(id: "A4", phone: "+12125550104", status: "skipped", statusReason: "suppressed", attempts: 0,
                         lastOutcome: nil, lastCallAt: nil, callIDs: []),
        ReportContactRow(id: "A5", phone: "+12125550105", status: "skipped", statusReason: "invalid_window", attempts: 0,
                         lastOutcome: nil, lastCallAt: nil, callIDs: []),
        ReportContactRow(id: "A6", phone: "+12125550106", status: "pending", attempts: 1, lastOutcome: "failed",
                         lastCallAt: at("14:00:40"), callIDs: []),
        ReportContactRow(id: "A7", phone: "+12125550107", status: "cancelled", attempts: 0, lastOutcome: nil,
                         lastCallAt: nil, callIDs: []),
        ReportContactRow(id: "B1", phone: "+447700900108", status: "reached", attempts: 1, lastOutcome: "completed",
                         lastCallAt: at("14:00:50"), callIDs: ["call-8a"]),
        ReportContactRow(id: "B2", phone: "+447700900109", status: "pending", attempts: 1, lastOutcome: "unknown",
                         lastCallAt: at("21:30:00"), callIDs: []),
        ReportContactRow(id: "A8", phone: "+12125550110", status: "pending", attempts: 1, lastOutcome: "in_progress",
                         lastCallAt: at("14:01:00"), callIDs: ["call-10a"]),
    ]

    /// Inserts contacts and attempts with the columns the schema requires.
    struct Builder {
        let db: Connection
        let campaignID: Int64
        var tokens = 0

        func contact(_ id: String, _ phone: String, _ zone: String, _ status: String, reason: String? = nil) throws -> Int64 {
            let row = try db.query("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context,
                                      row_hash, status, status_reason, settled_at)
                VALUES (\(campaignID), \(id), \(phone), \(zone), '2026-11-21T15:00:00Z', '{}', '{}', md5(\(id)),
                        \(status), \(reason), CASE WHEN \(status)::text = 'pending' THEN NULL ELSE now() END)
                RETURNING id
                """).first
            return try #require(row).decode("id")
        }

        mutating func attempt(_ contact: Int64, _ number: Int, _ state: String, dialed: String? = nil,
                              callID: String? = nil, duration: Int? = nil, providerStatus: Int? = nil,
                              resolvedBy: String? = nil, kind: String = "campaign", runID: Int64? = nil) throws {
            tokens += 1
            let token = String(repeating: "f", count: 32) + String(tokens)
            let dialedAt = dialed.map(ReportFixture.at)
            try db.execute("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, kind, state, due_at, to_number,
                                           webhook_token_hash, call_id, run_id, dialed_at, duration_seconds,
                                           provider_status, resolved_by)
                SELECT \(contact), \(campaignID), \(number), \(kind), \(state), '2026-11-20T14:00:00Z', phone,
                       webhook_token_hash(\(token)), \(callID), \(runID), \(dialedAt), \(duration), \(providerStatus), \(resolvedBy)
                  FROM contacts WHERE id = \(contact)
                """)
        }
    }
}
