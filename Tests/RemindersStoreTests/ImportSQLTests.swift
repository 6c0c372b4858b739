import Foundation
import Postgres
@testable import RemindersStore
import TestSupport
import Testing

/// The benchmark's floor must run the importer's own statements, or its ratio means nothing.
@Suite struct ImportSQLTests {
    static let statements: [(String, Query)] = [
        ("removeDuplicates", ImportSQL.removeDuplicates),
        ("plan", ImportSQL.plan(campaignID: 1)),
        ("counts", ImportSQL.counts),
        ("insertContacts", ImportSQL.insertContacts(campaignID: 1)),
        ("insertFirstAttempts", ImportSQL.insertFirstAttempts(campaignID: 1)),
        ("updateContacts", ImportSQL.updateContacts),
        ("rescheduleAttempts", ImportSQL.rescheduleAttempts),
        ("insertRescheduledAttempts", ImportSQL.insertRescheduledAttempts(campaignID: 1)),
    ]

    @Test(arguments: statements.indices)
    func benchmarkFloorRunsTheSameStatement(index: Int) throws {
        let (name, query) = Self.statements[index]
        let floor = try String(
            contentsOf: TestDatabase.projectRoot.appendingPathComponent("scripts/bench-import-floor.sql"), encoding: .utf8)
        let text = query.sql.replacingOccurrences(of: "$1", with: ":campaign_id")
        #expect(floor.contains(text), "scripts/bench-import-floor.sql lacks ImportSQL.\(name)")
    }
}
