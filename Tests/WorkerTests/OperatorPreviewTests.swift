import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing
import VoiceAPI
import VoiceSimulator
@testable import Worker

@Suite struct OperatorPreviewTests {
    /// Quotes, accents and a slash: the preview must carry them exactly as the dial does.
    static let context = #"{"first_name": "Zoë \"Jo\"", "appointment": "Tue 26 Nov 10:00", "clinic": "Dr. Lee / Room 4"}"#

    @Test func thePreviewsContextIsTheContextTheDialSends() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "preview-test")
            try fixture.saveCampaign()
            try fixture.addContact(campaign: "preview-test", externalID: "A-1", phone: "+15550000010", context: Self.context)
            let preview = try ContactPreview.load(
                campaign: try CampaignStore.load(name: "preview-test", db), externalID: "A-1", now: Date(), db)
            #expect(preview.wouldDialNow)
            #expect(preview.checks.filter { !$0.passes }.isEmpty)
            #expect(preview.context["first_name"] == "Zoë \"Jo\"")

            _ = try fixture.dispatcher().run()
            let call = try #require(fixture.simulator.calls.first)
            #expect(fixture.simulator.calls.count == 1)
            #expect(call.request.context == preview.context)
            #expect(call.request.toNumber == preview.phone)
        }
    }

    struct CheckCase: Sendable, CustomTestStringConvertible {
        let name: String
        /// Run before the preview (the contact is `A-1`, number +15550000010).
        let setup: String
        /// The preview's instant as a UTC time of day tomorrow; nil: now.
        let at: String?
        let failing: String?
        let wouldDial: Bool
        var testDescription: String { name }
    }

    static let checkCases: [CheckCase] = [
        CheckCase(name: "all pass", setup: "SELECT 1", at: nil, failing: nil, wouldDial: true),
        CheckCase(name: "suppressed", setup: "INSERT INTO suppressions (phone) VALUES ('+15550000010')", at: nil, failing: "suppression", wouldDial: false),
        CheckCase(name: "paused", setup: "UPDATE campaigns SET state = 'paused'", at: nil, failing: "campaign_state", wouldDial: false),
        CheckCase(
            name: "appointment too close", setup: "UPDATE contacts SET appointment_at = now() + interval '5 minutes'", at: nil,
            failing: "appointment", wouldDial: false),
        CheckCase(
            name: "outside calling hours", setup: #"UPDATE campaigns SET config = jsonb_set(config, '{calling_hours,end}', '"21:00"')"#,
            at: "22:30:00", failing: "calling_window", wouldDial: false),
        CheckCase(
            name: "frequency cap",
            setup: """
                WITH c AS (INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                           SELECT id, 'B-2', '+15550000010', 'UTC', now() + interval '2 days', '{}', '{}', 'h' FROM campaigns RETURNING id, campaign_id)
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number, webhook_token_hash, call_id, dialed_at)
                SELECT id, campaign_id, 1, 'completed', now(), '+15550000010', webhook_token_hash(md5('x') || md5('y')), 'call_other', now() - interval '1 hour' FROM c
                """,
            at: nil, failing: "frequency_cap", wouldDial: false),
    ]

    @Test(arguments: checkCases) func eachCheckIsShownOnItsOwn(_ test: CheckCase) throws {
        try TestDatabase.withMigrated { db, url in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: 9, campaign: "preview-test")
            try fixture.saveCampaign()
            try fixture.addContact(campaign: "preview-test", externalID: "A-1", phone: "+15550000010")
            try db.execute(Query(unsafeSQL: test.setup))
            var now = Date()
            if let at = test.at {
                let day = ISO8601DateFormatter().string(from: now.addingTimeInterval(86_400)).prefix(10)
                now = try #require(ISO8601DateFormatter().date(from: "\(day)T\(at)Z"))
            }
            let preview = try ContactPreview.load(campaign: try CampaignStore.load(name: "preview-test", db), externalID: "A-1", now: now, db)
            #expect(preview.checks.filter { !$0.passes }.map(\.name) == (test.failing.map { [$0] } ?? []))
            #expect(preview.wouldDialNow == test.wouldDial)
            #expect(preview.verdict == DialGuard.check(preview.facts, now: now))
        }
    }

    @Test func aLiveAttemptMeansNoSecondCall() throws {
        try TestDatabase.withMigrated { db, url in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: 9, campaign: "preview-test")
            try fixture.saveCampaign()
            let added = try fixture.addContact(campaign: "preview-test", externalID: "A-1", phone: "+15550000010", state: .dialing)
            let preview = try ContactPreview.load(campaign: try CampaignStore.load(name: "preview-test", db), externalID: "A-1", now: Date(), db)
            #expect(preview.liveAttempt?.id == added.attemptID)
            #expect(preview.liveAttempt?.state == .dialing)
            #expect(!preview.wouldDialNow)
            #expect(throws: StoreError.self) {
                try ContactPreview.load(campaign: try CampaignStore.load(name: "preview-test", db), externalID: "nope", now: Date(), db)
            }
        }
    }

    /// A zone this machine does not know: the preview says what the claim would do (settle it
    /// `time_zone_unknown`), not what a guessed zone would allow (issue 15).
    @Test func aContactInAnUnknownZoneIsShownAsTheClaimWouldSettleIt() throws {
        try TestDatabase.withMigrated { db, url in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: 9, campaign: "preview-test")
            try fixture.saveCampaign()
            try fixture.addContact(campaign: "preview-test", externalID: "A-1", phone: "+15550000010")
            try db.execute("UPDATE contacts SET timezone = 'Mars/Olympus_Mons'")
            let preview = try ContactPreview.load(campaign: try CampaignStore.load(name: "preview-test", db), externalID: "A-1", now: Date(), db)
            #expect(preview.verdict == .settle(.timeZoneUnknown))
            #expect(preview.checks.filter { !$0.passes }.map(\.name) == ["time_zone"])
            #expect(!preview.wouldDialNow)
        }
    }

    @Test func theBrowserSessionTakesASlotInTheStartBucket() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, campaign: "preview-test")
            try fixture.saveCampaign()
            try fixture.addContact(campaign: "preview-test", externalID: "A-1", phone: "+15550000010", context: Self.context)
            let preview = try ContactPreview.load(campaign: try CampaignStore.load(name: "preview-test", db), externalID: "A-1", now: Date(), db)
            let session = try BrowserPreview.start(preview, client: fixture.client, db: db)
            #expect(session.sessionID.hasPrefix("ws_"))
            #expect(!session.token.isEmpty)
            #expect(!String(describing: session).contains(session.token))
            #expect(fixture.simulator.log.contains { $0.kind == .request && $0.path == "/voice/start" && $0.status == 200 })
            #expect(try RateLimiter(account: fixture.client.accountID).counters(.start, db).granted == 1)
        }
    }
}
