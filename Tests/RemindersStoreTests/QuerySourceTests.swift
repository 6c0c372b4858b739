import Foundation
import Postgres
import Reminders
@testable import RemindersStore
import TestSupport
import Testing

@Suite struct QuerySourceTests {
    @Test(arguments: [
        ("2026-11-26 14:00:00+00", "2026-11-26T14:00:00+00:00"),
        ("2026-11-26 14:00:00.25+00", "2026-11-26T14:00:00.25+00:00"),
        ("2026-11-26 14:00:00+05:30", "2026-11-26T14:00:00+05:30"),
        ("2026-11-26 14:00:00", "2026-11-26T14:00:00"),
        ("infinity", "infinity"),
    ])
    func timestampsBecomeISO8601(text: String, expected: String) {
        #expect(QuerySource.iso8601(text) == expected)
    }

    @Test func syncsFromASourceTableAndIsIdempotent() throws {
        let fixture = try ImportFixture()
        defer { fixture.remove() }
        try TestDatabase.withMigrated { db, _ in
            try db.executeScript(unsafeSQL: """
                CREATE TABLE clinic_appointments (appt_id int, patient text, mobile text, starts timestamptz, tz text);
                INSERT INTO clinic_appointments VALUES
                  (101, 'Ana', '(212) 555-0101', '2026-11-25 15:00+00', NULL),
                  (102, 'Ben', '212 555 0102', '2026-11-26 17:00+00', 'America/Chicago'),
                  (103, NULL, '212 555 0103', '2026-11-26 17:00+00', NULL),
                  (104, 'Old', '212 555 0104', '2026-11-01 17:00+00', NULL);
                """)
            let query = """
                SELECT appt_id AS id, patient AS first_name, mobile AS phone, starts AS appointment_at, tz AS timezone
                FROM clinic_appointments ORDER BY appt_id
                """
            func sync() throws -> (ImportSummary, [RowRejection]) {
                var source = try QuerySource(query: query, db: try Connection(url: try TestDatabase.url(
                    try TestDatabase.clusterURL(), database: try db.query("SELECT current_database() AS d").first?.decode("d") ?? "")))
                var rejections: [RowRejection] = []
                var options = Importer.Options()
                options.now = ImportFixture.now
                options.rejected = { rejections.append($0) }
                let summary = try Importer(campaign: fixture.campaign, sourceName: "source query").run(from: &source, into: db, options: options)
                return (summary, rejections)
            }
            let (first, rejections) = try sync()
            #expect(first == ImportSummary(accepted: 2, skipped: 1, rejected: 1))
            #expect(rejections.map(\.line) == [4])
            #expect(rejections.map(\.field) == ["context.greeting"])
            let due = try db.scalar("""
                SELECT a.due_at FROM call_attempts a JOIN contacts c ON c.id = a.contact_id WHERE c.external_id = '102'
                """, as: Date.self)
            // 24 h before 11:00 Chicago time is 11:00 Chicago (17:00 UTC) on the 25th, inside calling hours.
            #expect(due == Date(timeIntervalSince1970: 1_795_186_800 + 5 * 86_400 + 2 * 3_600))
            let (second, _) = try sync()
            #expect(second == ImportSummary(unchanged: 3, rejected: 1))
        }
    }
}
