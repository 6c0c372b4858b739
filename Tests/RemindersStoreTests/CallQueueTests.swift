import Foundation
import Postgres
import Reminders
import RemindersStore
import Synchronization
import Testing
import TestSupport

@Suite struct CallQueueTests {
    static func at(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    /// Noon UTC: inside the default 09:00–20:00 window of a UTC contact.
    static let noon = at("2026-11-25T12:00:00Z")

    @discardableResult
    static func campaign(_ db: Connection, name: String = "queue-test", extra: String = "") throws -> Int64 {
        let file = """
            {"name": "\(name)", "agent_id": "agent_1", "from_number": "+15550100000", "timezone": "UTC"\(extra)}
            """
        return try CampaignStore.save(try Campaign.parse(Data(file.utf8), file: "t.json"), db).id
    }

    /// A contact with its first attempt `scheduled`, due at `due`; returns the attempt id.
    @discardableResult
    static func attempt(
        _ db: Connection, campaign: Int64, id: String, phone: String = "+15550100134",
        appointment: Date = at("2026-11-26T15:00:00Z"), due: Date = at("2026-11-25T11:00:00Z"), zone: String = "UTC"
    ) throws -> Int64 {
        let contact = try db.query("""
            INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
            VALUES (\(campaign), \(id), \(phone), \(zone), \(appointment), '{}', '{"first_name": "Ada"}', 'h') RETURNING id
            """)[0].decode("id", as: Int64.self)
        return try db.query("""
            INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number)
            VALUES (\(contact), \(campaign), 1, 'scheduled', \(due), \(phone)) RETURNING id
            """)[0].decode("id", as: Int64.self)
    }

    static func state(_ db: Connection, _ attempt: Int64) throws -> (state: String, due: Date) {
        let row = try db.query("SELECT state, due_at FROM call_attempts WHERE id = \(attempt)")[0]
        return (try row.decode("state"), try row.decode("due_at"))
    }

    static func contactStatus(_ db: Connection, _ attempt: Int64) throws -> (String, String?) {
        let row = try db.query("""
            SELECT c.status, c.status_reason FROM contacts c JOIN call_attempts a ON a.contact_id = c.id WHERE a.id = \(attempt)
            """)[0]
        return (try row.decode("status"), try row.decode("status_reason"))
    }

    let queue = CallQueue(worker: "test", runID: nil, campaigns: [])

    /// A contact cancelled after its attempt was scheduled (in the practice system, minutes before
    /// its call) is never dialed, whatever path put the attempt back in the queue (issue 17).
    @Test func aCancelledContactIsNeverDialed() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let attempt = try Self.attempt(db, campaign: campaign, id: "gone")
            try db.execute("UPDATE contacts SET status = 'cancelled', status_reason = 'cancelled_in_source', settled_at = now()")
            guard case .notDialed(_, .settle(.contactCancelled)) = try queue.claimNext(now: Self.noon, db) else {
                Issue.record("a cancelled contact's attempt was not settled")
                return
            }
            #expect(try Self.state(db, attempt).state == "cancelled")
            #expect(try Self.contactStatus(db, attempt) == ("cancelled", "cancelled_in_source"))
            #expect(try queue.claimNext(now: Self.noon, db) == .empty)
        }
    }

    @Test func claimsTheEarliestAppointmentFirstAndMarksItDialing() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let later = try Self.attempt(db, campaign: campaign, id: "later", phone: "+15550100001", appointment: Self.at("2026-11-27T15:00:00Z"))
            let sooner = try Self.attempt(db, campaign: campaign, id: "sooner", phone: "+15550100002", appointment: Self.at("2026-11-26T15:00:00Z"))
            guard case .dial(let first) = try queue.claimNext(now: Self.noon, db) else { Issue.record("nothing claimed"); return }
            #expect(first.id == sooner)
            #expect(first.context == ["first_name": "Ada"])
            #expect(try Self.state(db, sooner).state == "dialing")
            let claimedBy = try db.query("SELECT claimed_by FROM call_attempts WHERE id = \(sooner)")[0].decode("claimed_by", as: String?.self)
            #expect(claimedBy == "test")
            guard case .dial(let second) = try queue.claimNext(now: Self.noon, db) else { Issue.record("second not claimed"); return }
            #expect(second.id == later)
            #expect(try queue.claimNext(now: Self.noon, db) == .empty)
        }
    }

    @Test func notYetDueAndPausedCampaignsAreNotClaimed() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            try Self.attempt(db, campaign: campaign, id: "future", due: Self.at("2026-11-25T13:00:00Z"))
            #expect(try queue.claimNext(now: Self.noon, db) == .empty)
            let paused = try Self.campaign(db, name: "paused-one")
            try Self.attempt(db, campaign: paused, id: "p", phone: "+15550100009")
            try CampaignStore.setState(.paused, name: "paused-one", db)
            #expect(try queue.claimNext(now: Self.noon, db) == .empty)
            #expect(try CallQueue(worker: "t", runID: nil, campaigns: ["paused-one"]).outlook(db).paused == 1)
        }
    }

    @Test func onlyTheNamedCampaignsAreClaimed() throws {
        try TestDatabase.withMigrated { db, _ in
            let a = try Self.campaign(db, name: "a-camp")
            let b = try Self.campaign(db, name: "b-camp")
            try Self.attempt(db, campaign: a, id: "a1", phone: "+15550100001")
            let inB = try Self.attempt(db, campaign: b, id: "b1", phone: "+15550100002", appointment: Self.at("2026-11-27T15:00:00Z"))
            let onlyB = CallQueue(worker: "t", runID: nil, campaigns: ["b-camp"])
            guard case .dial(let claimed) = try onlyB.claimNext(now: Self.noon, db) else { Issue.record("nothing claimed"); return }
            #expect(claimed.id == inB)
            #expect(try onlyB.claimNext(now: Self.noon, db) == .empty)
        }
    }

    @Test func concurrentClaimsNeverTakeOneAttemptTwice() throws {
        try TestDatabase.withMigrated { db, url in
            let campaign = try Self.campaign(db)
            for index in 0..<40 {
                try Self.attempt(db, campaign: campaign, id: "c\(index)", phone: "+1555010\(String(format: "%04d", index))")
            }
            let claimed = Mutex<[Int64]>([])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    let connection = try Connection(url: url)
                    while case .dial(let attempt) = try queue.claimNext(now: Self.noon, connection) {
                        claimed.withLock { $0.append(attempt.id) }
                    }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let ids = claimed.withLock { $0 }
            #expect(ids.count == 40)
            #expect(Set(ids).count == 40)
        }
    }

    @Test func aSuppressedNumberIsSettledNotDialed() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let id = try Self.attempt(db, campaign: campaign, id: "s")
            try db.execute("INSERT INTO suppressions (phone) VALUES ('+15550100134')")
            #expect(try queue.claimNext(now: Self.noon, db) == .notDialed(attemptID: id, .settle(.suppressed)))
            #expect(try Self.state(db, id).state == "skipped")
            #expect(try Self.contactStatus(db, id) == ("skipped", "suppressed"))
        }
    }

    @Test func outsideTheContactsHoursIsRescheduledToTheOpening() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            // 12:00 UTC is 07:00 in New York: the window opens at 14:00 UTC.
            let id = try Self.attempt(db, campaign: campaign, id: "ny", zone: "America/New_York")
            let claim = try queue.claimNext(now: Self.noon, db)
            #expect(claim == .notDialed(attemptID: id, .reschedule(at: Self.at("2026-11-25T14:00:00Z"), reason: "outside_calling_hours")))
            let row = try Self.state(db, id)
            #expect(row.state == "scheduled")
            #expect(row.due == Self.at("2026-11-25T14:00:00Z"))
            #expect(try Self.contactStatus(db, id).0 == "pending")
        }
    }

    @Test func callingDaysAreHonoured() throws {
        try TestDatabase.withMigrated { db, _ in
            // 2026-11-25 is a Wednesday; weekdays-only Monday and Friday opens Friday.
            let campaign = try Self.campaign(db, extra: #", "calling_hours": {"start": "09:00", "end": "20:00", "days": ["mon", "fri"]}"#)
            let id = try Self.attempt(db, campaign: campaign, id: "d", appointment: Self.at("2026-11-30T15:00:00Z"))
            #expect(try queue.claimNext(now: Self.noon, db)
                == .notDialed(attemptID: id, .reschedule(at: Self.at("2026-11-27T09:00:00Z"), reason: "outside_calling_hours")))
        }
    }

    @Test func thePassedAppointmentIsSettled() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let id = try Self.attempt(db, campaign: campaign, id: "late", appointment: Self.at("2026-11-25T12:05:00Z"))
            #expect(try queue.claimNext(now: Self.noon, db) == .notDialed(attemptID: id, .settle(.appointmentPassed)))
            #expect(try Self.contactStatus(db, id) == ("skipped", "appointment_passed"))
        }
    }

    /// A zone this worker's tzdata lacks (the import ran with a newer one) settles that contact,
    /// and the next is claimed. Before, the claim threw: the run exited 1 for every campaign, and
    /// the same row, first by appointment, stopped every restart.
    @Test func aRowThisWorkerCannotUseSettlesThatContactAndTheOthersGoOn() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let unknownZone = try Self.attempt(
                db, campaign: campaign, id: "z", phone: "+15550100001", appointment: Self.noon.addingTimeInterval(86_400),
                zone: "Mars/Olympus")
            let damaged = try Self.attempt(
                db, campaign: campaign, id: "d", phone: "+15550100002", appointment: Self.noon.addingTimeInterval(90_000))
            try db.execute("UPDATE contacts SET context = '[1]' WHERE external_id = 'd'")
            let fine = try Self.attempt(db, campaign: campaign, id: "f", phone: "+15550100003", appointment: Self.noon.addingTimeInterval(93_600))
            #expect(try queue.claimNext(now: Self.noon, db) == .notDialed(attemptID: unknownZone, .settle(.timeZoneUnknown)))
            #expect(try Self.contactStatus(db, unknownZone) == ("skipped", "time_zone_unknown"))
            #expect(try queue.claimNext(now: Self.noon, db) == .notDialed(attemptID: damaged, .settle(.contextUnreadable)))
            guard case .dial(let claimed) = try queue.claimNext(now: Self.noon, db) else { Issue.record("the next was not claimed"); return }
            #expect(claimed.id == fine)
        }
    }

    @Test func theFrequencyCapCountsOtherCampaignsDialsToTheSameNumber() throws {
        try TestDatabase.withMigrated { db, _ in
            let first = try Self.campaign(db, name: "first")
            let second = try Self.campaign(db, name: "second")
            try Self.attempt(db, campaign: first, id: "x", appointment: Self.at("2026-11-26T15:00:00Z"))
            let other = try Self.attempt(db, campaign: second, id: "y", appointment: Self.at("2026-11-27T15:00:00Z"))
            guard case .dial(let dialed) = try queue.claimNext(now: Self.noon, db) else { Issue.record("first not dialed"); return }
            try CallQueue.recordAccepted(dialed.id, callID: "call-1", pollAfter: 600, now: Self.noon, db)
            let claim = try queue.claimNext(now: Self.noon.addingTimeInterval(60), db)
            guard case .notDialed(let id, .reschedule(let at, let reason)) = claim else { Issue.record("capped dial went out: \(claim)"); return }
            #expect(id == other)
            #expect(reason == "frequency_cap")
            // A day after the first dial (stamped on the database clock), moved into the calling window.
            let dialedAt = try db.query("SELECT dialed_at FROM call_attempts WHERE id = \(dialed.id)")[0].decode("dialed_at", as: Date.self)
            let utc = try #require(TimeZone(identifier: "UTC"))
            #expect(at == CallingHours.default.nextOpening(atOrAfter: dialedAt.addingTimeInterval(86_400), timeZone: utc))
        }
    }

    @Test func aRetryOfTheSameContactIsNotHeldBackByTheCap() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let first = try Self.attempt(db, campaign: campaign, id: "r")
            guard case .dial = try queue.claimNext(now: Self.noon, db) else { Issue.record("not dialed"); return }
            try CallQueue.recordAccepted(first, callID: "call-1", pollAfter: 600, now: Self.noon, db)
            try db.execute("UPDATE call_attempts SET state = 'no_answer' WHERE id = \(first)")
            let contact = try db.query("SELECT contact_id FROM call_attempts WHERE id = \(first)")[0].decode("contact_id", as: Int64.self)
            let retry = try db.query("""
                INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number)
                VALUES (\(contact), \(campaign), 2, 'scheduled', \(Self.noon), '+15550100134') RETURNING id
                """)[0].decode("id", as: Int64.self)
            guard case .dial(let again) = try queue.claimNext(now: Self.noon.addingTimeInterval(60), db) else {
                Issue.record("retry held back"); return
            }
            #expect(again.id == retry)
        }
    }

    @Test func resultsMoveTheAttemptAsTheProviderAnswered() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let a = try Self.attempt(db, campaign: campaign, id: "a", phone: "+15550100001")
            let b = try Self.attempt(db, campaign: campaign, id: "b", phone: "+15550100002")
            let c = try Self.attempt(db, campaign: campaign, id: "c", phone: "+15550100003")
            for _ in 0..<3 { _ = try queue.claimNext(now: Self.noon, db) }
            #expect(try CallQueue.recordNotPlaced(a, dueAt: Self.noon.addingTimeInterval(30), reason: "transient", now: Self.noon, db))
            #expect(try !CallQueue.recordNotPlaced(a, dueAt: Self.noon, reason: "again", now: Self.noon, db))
            try CallQueue.recordAmbiguous(b, reason: "no answer", reconcileAfter: 0, now: Self.noon, db)
            try CallQueue.recordRefused(c, providerStatus: 422, now: Self.noon, db)
            let rowA = try db.query("SELECT state, transient_failures FROM call_attempts WHERE id = \(a)")[0]
            #expect(try rowA.decode("state", as: String.self) == "scheduled")
            #expect(try rowA.decode("transient_failures", as: Int32.self) == 1)
            #expect(try Self.state(db, b).state == "unknown")
            #expect(try CallQueue.unresolved(limit: 10, db).map(\.id) == [b])
            #expect(try Self.state(db, c).state == "failed")
            #expect(try Self.contactStatus(db, c) == ("skipped", "provider_refused_number"))
            #expect(try CallQueue.redial(b, now: Date(), db))
            #expect(try Self.state(db, b).state == "scheduled")
        }
    }

    @Test func dialsOfADeadRunBecomeUnknown() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let id = try Self.attempt(db, campaign: campaign, id: "dead")
            let alive = try RunRegistry.start(host: "h", pid: 1, campaigns: [], db)
            let live = CallQueue(worker: "w", runID: alive, campaigns: [])
            guard case .dial = try live.claimNext(now: Self.noon, db) else { Issue.record("not claimed"); return }
            #expect(try CallQueue.markAbandoned(staleAfter: 60, now: Self.noon, db) == 0)
            try db.execute("UPDATE runs SET heartbeat_at = now() - interval '2 minutes' WHERE id = \(alive)")
            #expect(try CallQueue.markAbandoned(staleAfter: 60, now: Self.noon, db) == 1)
            #expect(try Self.state(db, id).state == "unknown")
        }
    }

    @Test func aClaimLeftInDialingTooLongBecomesUnknownEvenUnderALiveRun() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Self.campaign(db)
            let id = try Self.attempt(db, campaign: campaign, id: "lost")
            let alive = try RunRegistry.start(host: "h", pid: 1, campaigns: [], db)
            guard case .dial = try CallQueue(worker: "w", runID: alive, campaigns: []).claimNext(now: Self.noon, db) else {
                Issue.record("not claimed"); return
            }
            try db.execute("UPDATE call_attempts SET updated_at = now() - interval '2 minutes' WHERE id = \(id)")
            #expect(try CallQueue.markAbandoned(staleAfter: 60, now: Self.noon, db) == 1)
            #expect(try Self.state(db, id).state == "unknown")
        }
    }
}
