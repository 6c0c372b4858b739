import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

/// The fixture database's report in every format, against golden text (its figures are the ones
/// counted by hand in `ReportFixture`).
@Suite struct ReportQueriesRenderingTests {
    static func render(_ format: ReportFormat) throws -> String {
        try TestDatabase.withMigrated { db, _ in
            let stored = try ReportFixture.load(db)
            return try db.transaction(isolation: .repeatableRead) { tx in
                var renderer = format.renderer()
                let report = try ReportQueries.report(for: stored, runID: nil, generatedAt: ReportQueriesTests.generatedAt, tx)
                var text = renderer.begin(report)
                try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: renderer.rowStatuses, tx) {
                    text += renderer.row($0)
                }
                return text + renderer.end()
            }
        }
    }

    @Test func text() throws {
        #expect(try Self.render(.text) == Self.goldenText + "\n")
    }

    @Test func csvHasCRLFLinesAndQuotesOnlyWhereNeeded() throws {
        let csv = try Self.render(.csv)
        #expect(csv.components(separatedBy: "\r\n").count == 12)  // header, 10 rows, the empty rest
        #expect(!csv.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(csv.replacingOccurrences(of: "\r\n", with: "\n") == Self.goldenCSV + "\n")
    }

    @Test func jsonIsTheGoldenTextAndParses() throws {
        let json = try Self.render(.json)
        #expect(json == Self.goldenJSON + "\n")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let contacts = try #require(object["contacts"] as? [String: Any])
        #expect(contacts["total"] as? Int == 10)
        #expect((object["contact_rows"] as? [Any])?.count == 10)
    }

    @Test func htmlShowsTheChartsAndOnlyTheContactsNotReached() throws {
        let html = try Self.render(.html)
        #expect(html.components(separatedBy: "<svg").count == 4)  // contacts, attempts, timeline
        // The follow-up list: the contact not reached, with its appointment in its own zone.
        #expect(html.contains("<td>A3,&quot;&lt;b&gt;&quot;</td><td>(212) 555-0103</td><td>2026-11-21 10:00 GMT-5</td><td>3</td><td>busy</td>"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("555-0101"))  // a reached contact is not listed
        #expect(html.contains("limit 4/min"))
        #expect(html.contains("<div class=\"alert\"><dt>Calls outside calling hours</dt><dd>1</dd></div>"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("http:") && !html.contains("https:") && !html.contains("url("))
    }

    static let goldenText = #"""
        Campaign fixture, generated 2026-11-18T11:06:40Z
        
        Contacts     10 total: 3 reached, 1 not reached, 3 pending, 2 skipped, 1 cancelled
          not reached: attempts_exhausted:busy 1
          skipped: invalid_window 1, suppressed 1
        Reach rate   75% of settled contacts; 3.33 attempts per reached contact
        Attempts     13 total, 10 placed (3 retries): 3 completed, 1 no answer, 3 busy, 1 failed, 1 unknown, 1 in flight, 1 scheduled, 1 skipped, 1 cancelled
        Durations    3 calls: mean 40 s, median 40 s, p90 56 s
        Dial rate    limit 4/min (burst 1); busiest minute 5 dials; minutes over the limit: 1
        Safety       calls outside calling hours: 1 (must be 0: investigate)
        429s         attempts last answered 429: 1; account dial buckets, all campaigns: 7
        Ambiguous    1 resolved by sessions as completed; 1 still unknown
        """#

    static let goldenCSV = #"""
        id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id
        A1,+12125550101,reached,2,completed,2026-11-20T14:30:05Z,,2026-11-21 10:00 GMT-5,call-1b
        A2,+12125550102,reached,1,completed,2026-11-20T14:00:20Z,,2026-11-21 10:00 GMT-5,call-2a
        "A3,""<b>""",+12125550103,not_reached,3,busy,2026-11-20T15:00:00Z,,2026-11-21 10:00 GMT-5,call-3c
        A4,+12125550104,skipped,0,,,,2026-11-21 10:00 GMT-5,
        A5,+12125550105,skipped,0,,,,2026-11-21 10:00 GMT-5,
        A6,+12125550106,pending,1,failed,2026-11-20T14:00:40Z,,2026-11-21 10:00 GMT-5,
        A7,+12125550107,cancelled,0,,,,2026-11-21 10:00 GMT-5,
        B1,+447700900108,reached,1,completed,2026-11-20T14:00:50Z,,2026-11-21 15:00 GMT,call-8a
        B2,+447700900109,pending,1,unknown,2026-11-20T21:30:00Z,,2026-11-21 15:00 GMT,
        A8,+12125550110,pending,1,in_progress,2026-11-20T14:01:00Z,,2026-11-21 10:00 GMT-5,call-10a
        """#

    static let goldenJSON = #"""
        {
          "campaign": "fixture",
          "run_id": null,
          "generated_at": "2026-11-18T11:06:40Z",
          "contacts": {"total": 10, "reached": 3, "not_reached": 1, "pending": 3, "skipped": 2, "cancelled": 1, "skipped_by_reason": {"invalid_window": 1, "suppressed": 1}, "not_reached_by_reason": {"attempts_exhausted:busy": 1}, "answers": {"confirmed": 0, "cancel_requested": 0, "reschedule_requested": 0, "wrong_number": 0, "voicemail": 0, "unclear": 0}},
          "attempts": {"total": 13, "placed": 10, "retries": 3, "scheduled": 1, "in_flight": 1, "completed": 3, "no_answer": 1, "busy": 3, "failed": 1, "unknown": 1, "skipped": 1, "cancelled": 1},
          "reach_rate": 0.75,
          "attempts_per_reached_contact": 3.3333,
          "call_duration_seconds": {"calls": 3, "mean": 40, "median": 40, "p90": 56},
          "rate_limit": {"per_minute": 4, "burst": 1, "max_dials_per_minute": 4, "busiest_minute": 5, "minutes_over_limit": 1},
          "dial_timeline": [{"minute": "2026-11-20T14:00:00Z", "dials": 5}, {"minute": "2026-11-20T14:01:00Z", "dials": 1}, {"minute": "2026-11-20T14:30:00Z", "dials": 1}, {"minute": "2026-11-20T14:31:00Z", "dials": 1}, {"minute": "2026-11-20T15:00:00Z", "dials": 1}, {"minute": "2026-11-20T21:30:00Z", "dials": 1}],
          "calls_outside_calling_hours": 1,
          "rate_limited": {"attempts_last_answered_429": 1, "account_buckets_total": 7},
          "ambiguous": [{"resolved_by": "sessions", "outcome": "completed", "attempts": 1}, {"resolved_by": "unresolved", "outcome": "unknown", "attempts": 1}],
          "contact_rows": [
            {"id": "A1", "status": "reached", "status_reason": null, "attempts": 2, "last_outcome": "completed", "last_call_at": "2026-11-20T14:30:05Z", "call_ids": ["call-1a", "call-1b"]},
            {"id": "A2", "status": "reached", "status_reason": null, "attempts": 1, "last_outcome": "completed", "last_call_at": "2026-11-20T14:00:20Z", "call_ids": ["call-2a"]},
            {"id": "A3,\"<b>\"", "status": "not_reached", "status_reason": "attempts_exhausted:busy", "attempts": 3, "last_outcome": "busy", "last_call_at": "2026-11-20T15:00:00Z", "call_ids": ["call-3a", "call-3b", "call-3c"]},
            {"id": "A4", "status": "skipped", "status_reason": "suppressed", "attempts": 0, "last_outcome": null, "last_call_at": null, "call_ids": []},
            {"id": "A5", "status": "skipped", "status_reason": "invalid_window", "attempts": 0, "last_outcome": null, "last_call_at": null, "call_ids": []},
            {"id": "A6", "status": "pending", "status_reason": null, "attempts": 1, "last_outcome": "failed", "last_call_at": "2026-11-20T14:00:40Z", "call_ids": []},
            {"id": "A7", "status": "cancelled", "status_reason": null, "attempts": 0, "last_outcome": null, "last_call_at": null, "call_ids": []},
            {"id": "B1", "status": "reached", "status_reason": null, "attempts": 1, "last_outcome": "completed", "last_call_at": "2026-11-20T14:00:50Z", "call_ids": ["call-8a"]},
            {"id": "B2", "status": "pending", "status_reason": null, "attempts": 1, "last_outcome": "unknown", "last_call_at": "2026-11-20T21:30:00Z", "call_ids": []},
            {"id": "A8", "status": "pending", "status_reason": null, "attempts": 1, "last_outcome": "in_progress", "last_call_at": "2026-11-20T14:01:00Z", "call_ids": ["call-10a"]}
          ]
        }
        """#
}
