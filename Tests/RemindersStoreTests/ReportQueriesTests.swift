import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

@Suite struct ReportQueriesTests {
    static let generatedAt = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T…Z, fixed

    @Test func figuresOfTheFixtureEqualTheHandCountedOnes() throws {
        try TestDatabase.withMigrated { db, _ in
            let stored = try ReportFixture.load(db)
            let report = try ReportQueries.report(for: stored, runID: nil, generatedAt: Self.generatedAt, db)
            var expected = ReportFixture.expectedReport(generatedAt: Self.generatedAt)
            expected.phoneDisplay = PhoneDisplay(homeCountryCode: 1)  // the fixture's caller number is American
            #expect(report == expected)
            #expect(report.reachRate == 0.75)
            #expect(report.busiestMinute == 5)
            #expect(report.minutesOverLimit == 1)
        }
    }

    @Test func contactRowsComeInImportOrderWithTheirCalls() throws {
        try TestDatabase.withMigrated { db, _ in
            let stored = try ReportFixture.load(db)
            var rows: [ReportContactRow] = []
            try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: nil, db) { rows.append($0) }
            // Every row carries its appointment and zone (for `appointment_local`); the rest as expected.
            #expect(rows.allSatisfy { $0.appointmentAt != nil && $0.timeZone != nil })
            #expect(rows.map { row in
                var row = row
                (row.appointmentAt, row.timeZone) = (nil, nil)
                return row
            } == ReportFixture.expectedRows)
            var notReached: [ReportContactRow] = []
            try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: ["not_reached"], db) {
                notReached.append($0)
            }
            #expect(notReached.map(\.id) == ["A3,\"<b>\""])
            #expect(!db.inTransaction)
        }
    }

    @Test func aRunLimitsAttemptsToItsOwnAndContactsToThoseItCalled() throws {
        try TestDatabase.withMigrated { db, _ in
            let stored = try ReportFixture.load(db)
            let report = try ReportQueries.report(for: stored, runID: ReportFixture.runID, generatedAt: Self.generatedAt, db)
            #expect(report.contacts == ContactCounts(
                total: 1, reached: 0, notReached: 1, pending: 0, skipped: 0, cancelled: 0,
                notReachedByReason: [ReasonCount(reason: "attempts_exhausted:busy", count: 1)]))
            #expect(report.attempts.total == 2)
            #expect(report.attempts.busy == 2)
            #expect(report.attempts.retries == 2)
            #expect(report.timeline.map(\.dials) == [1, 1])
            #expect(report.callsOutsideCallingHours == 0)
            var rows: [ReportContactRow] = []
            try ReportQueries.forEachContactRow(campaignID: stored.id, runID: ReportFixture.runID, statuses: nil, db) {
                rows.append($0)
            }
            #expect(rows.map(\.callIDs) == [["call-3b", "call-3c"]])
            #expect(rows.map(\.attempts) == [2])
        }
    }

    @Test func anEmptyCampaignHasZeroCountsAndNoRatios() throws {
        try TestDatabase.withMigrated { db, _ in
            let stored = try CampaignStore.save(ReportFixture.campaign(name: "empty"), db)
            let report = try ReportQueries.report(for: stored, runID: nil, generatedAt: Self.generatedAt, db)
            #expect(report.contacts.total == 0)
            #expect(report.attempts == AttemptCounts())
            #expect(report.durations == DurationSummary(calls: 0, mean: nil, median: nil, p90: nil))
            #expect(report.reachRate == nil)
            #expect(report.attemptsPerReachedContact == nil)
            #expect(report.timeline.isEmpty)
        }
    }

    /// More rows than one cursor batch: every row arrives once, in order.
    @Test func rowsStreamAcrossCursorBatches() throws {
        try TestDatabase.withMigrated { db, _ in
            let stored = try CampaignStore.save(ReportFixture.campaign(name: "many"), db)
            let count = 25_001  // two full batches of 10,000 and a partial one
            try db.execute("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                SELECT \(stored.id), 'c' || n, '+1212555' || lpad(n::text, 4, '0'), 'UTC', now(), '{}', '{}', md5(n::text)
                  FROM generate_series(1, \(count)) AS n
                """)
            var seen = 0
            var last = ""
            try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: nil, db) { row in
                seen += 1
                last = row.id
            }
            #expect(seen == count)
            #expect(last == "c\(count)")
        }
    }

    struct Stop: Error {}

    /// A caller that gives up mid-stream (a full disk) stops the read-ahead and gets its connection back.
    @Test func aThrowingBodyStopsTheStreamAndLeavesTheConnectionUsable() throws {
        try TestDatabase.withMigrated { db, _ in
            let stored = try CampaignStore.save(ReportFixture.campaign(name: "many"), db)
            try db.execute("""
                INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                SELECT \(stored.id), 'c' || n, '+1212555' || lpad(n::text, 4, '0'), 'UTC', now(), '{}', '{}', md5(n::text)
                  FROM generate_series(1, 35000) AS n
                """)
            var seen = 0
            #expect(throws: Stop.self) {
                try ReportQueries.forEachContactRow(campaignID: stored.id, runID: nil, statuses: nil, db) { _ in
                    seen += 1
                    if seen == 15_000 { throw Stop() }
                }
            }
            #expect(seen == 15_000)
            #expect(!db.inTransaction)
            #expect(try db.query("SELECT count(*) AS n FROM contacts").first?.decode("n", as: Int.self) == 35_000)
        }
    }
}
