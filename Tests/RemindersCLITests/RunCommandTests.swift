import Foundation
import Postgres
import Reminders
import TestSupport
import Testing
@testable import RemindersCLI

@Suite struct RunCommandTests {
    static let utc = TimeZone(identifier: "UTC") ?? .current
    static let newYork = TimeZone(identifier: "America/New_York") ?? .current

    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    struct UntilCase: Sendable, CustomTestStringConvertible {
        let text: String
        let zone: TimeZone
        let expected: Date
        var testDescription: String { text }
    }

    /// Now is 2026-11-25T14:30:00Z (09:30 in New York).
    static let untilCases: [UntilCase] = [
        UntilCase(text: "2026-11-26T20:00:00Z", zone: utc, expected: at("2026-11-26T20:00:00Z")),
        UntilCase(text: "2026-11-26T20:00:00+02:00", zone: utc, expected: at("2026-11-26T18:00:00Z")),
        UntilCase(text: "2026-11-26T20:00:00.500Z", zone: utc, expected: at("2026-11-26T20:00:00Z").addingTimeInterval(0.5)),
        UntilCase(text: "20:00", zone: utc, expected: at("2026-11-25T20:00:00Z")),
        UntilCase(text: "08:15", zone: utc, expected: at("2026-11-26T08:15:00Z")),
        UntilCase(text: "20:00", zone: newYork, expected: at("2026-11-26T01:00:00Z")),
        UntilCase(text: "09:00", zone: newYork, expected: at("2026-11-26T14:00:00Z")),
    ]

    @Test(arguments: untilCases) func untilReadsAnInstantOrTheNextWallClockTime(_ test: UntilCase) throws {
        #expect(try RunCommand.parseUntil(test.text, now: Self.at("2026-11-25T14:30:00Z"), timeZone: test.zone) == test.expected)
    }

    @Test(arguments: ["25:00", "9:00", "20:60", "tomorrow", "2026-11-26", ""])
    func untilRefusesAnythingElse(_ text: String) {
        #expect(throws: CommandError.self) { try RunCommand.parseUntil(text, now: Date(), timeZone: Self.utc) }
    }

    @Test func theSharedBucketTakesTheSlowestCampaignsRate() {
        let limits = [RateLimit(perMinute: 10, burst: 3), RateLimit(perMinute: 6, burst: 2), RateLimit(perMinute: 6, burst: 1)]
        #expect(RunCommand.strictestLimit(limits) == RateLimit(perMinute: 6, burst: 1))
        #expect(RunCommand.strictestLimit([]) == .default)
    }

    @Test func runWithoutTheProviderIsOneClearLine() throws {
        try TestDatabase.withMigrated { _, url in
            let run = CLIRun.run(["run"], environment: ["DATABASE_URL": url])
            #expect(run.status == 1)
            #expect(run.errors.contains("VOICE_API_BASE_URL"))
            #expect(!run.errors.contains("\n"))
        }
    }

    @Test func runOfAnUnknownCampaignFails() throws {
        try TestDatabase.withMigrated { _, url in
            let run = CLIRun.run(["run", "--campaign", "nope"], environment: [
                "DATABASE_URL": url, "VOICE_API_BASE_URL": "http://127.0.0.1:9", "VOICE_API_KEY": "k-0123456789",
            ])
            #expect(run.status == 1)
            #expect(run.errors.contains("no campaign named \"nope\""))
        }
    }

    @Test func pauseResumeAndCancelChangeTheStateAndCancelSettlesWaitingContacts() throws {
        try TestDatabase.withMigrated { db, url in
            let environment = ["DATABASE_URL": url]
            try PlanCommandTests.seed(db, contacts: 3)
            #expect(CLIRun.run(["pause", "plan-test"], environment: environment).status == 0)
            #expect(try db.query("SELECT state FROM campaigns")[0].decode("state", as: String.self) == "paused")
            #expect(CLIRun.run(["resume", "plan-test"], environment: environment).status == 0)
            #expect(try db.query("SELECT state FROM campaigns")[0].decode("state", as: String.self) == "active")
            let cancel = CLIRun.run(["cancel", "plan-test"], environment: environment)
            #expect(cancel.status == 0)
            #expect(cancel.output.contains("3 waiting contacts settled as cancelled"))
            let statuses = try db.query("SELECT status, count(*)::int AS n FROM contacts GROUP BY status")
            #expect(statuses.count == 1)
            #expect(try statuses[0].decode("status", as: String.self) == "cancelled")
            #expect(try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE state = 'cancelled'")[0].decode("n", as: Int.self) == 3)
            let resume = CLIRun.run(["resume", "plan-test"], environment: environment)
            #expect(resume.status == 1)
            #expect(resume.errors.contains("cancelled"))
            #expect(CLIRun.run(["pause", "missing"], environment: environment).status == 1)
        }
    }
}
