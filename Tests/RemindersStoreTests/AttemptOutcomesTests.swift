import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

@Suite struct AttemptOutcomesTests {
    let now = CallFixture.iso("2026-11-25T10:00:00Z")

    /// A status poll or session listing that is the first news of a call (the dial's answer never
    /// came) stamps it dialed and, while it is live, polled after the campaign's delay; a call
    /// that has already ended is stamped dialed only (issue 15, case 1).
    @Test(arguments: [(CallState.inProgress, true), (.completed, false)])
    func theFirstNewsOfACallStampsItDialed(reported: CallState, polled: Bool) throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .unknown)
            let at = now.addingTimeInterval(-30)
            try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: reported, callID: "call_2", occurredAt: at), toAttempt: f.attemptID, source: "status", now: now, tx)
            }
            let row = try db.query("SELECT dialed_at, poll_at FROM call_attempts WHERE id = \(f.attemptID)")[0]
            #expect(try row.decode("dialed_at", as: Date?.self) == at)
            #expect(try row.decode("poll_at", as: Date?.self) == (polled ? now.addingTimeInterval(660) : nil))
        }
    }

    @Test func completedSettlesTheContactReachedWithTimesAndDetails() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let report = AttemptReport(
                state: .completed, callID: "call_1", occurredAt: now, durationSeconds: 42, recordingID: "rec_1")
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(report, toAttempt: f.attemptID, source: "webhook", now: now, tx)
            }
            #expect(update.transition == .advance(to: .completed))
            #expect(update.followUp == .settled(.reached, reason: nil))
            #expect(try f.attempt(db, "state") == "completed")
            #expect(try f.attempt(db, "duration_seconds") == "42")
            #expect(try f.attempt(db, "recording_id") == "rec_1")
            #expect(try f.attempt(db, "ended_at") != nil)
            #expect(try f.attempt(db, "answered_at") != nil)
            #expect(try f.contact(db).status == "reached")
        }
    }

    @Test(arguments: [CallState.noAnswer, .busy])
    func retryableOutcomeSchedulesTheNextAttemptPerPolicy(outcome: CallState) throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: outcome, callID: "call_1", occurredAt: now), toAttempt: f.attemptID,
                    source: "webhook", now: now, tx)
            }
            let due = now.addingTimeInterval(30 * 60)
            guard case .retry(let nextID, let dueAt) = update.followUp else {
                Issue.record("expected a retry, got \(update.followUp)")
                return
            }
            #expect(dueAt == due)
            let row = try db.query("""
                SELECT attempt_number, state, due_at, to_number, webhook_token_hash IS NULL AS tokenless FROM call_attempts WHERE id = \(nextID)
                """)[0]
            #expect(try row.decode("attempt_number", as: Int.self) == 2)
            #expect(try row.decode("state", as: String.self) == "scheduled")
            #expect(try row.decode("due_at", as: Date.self) == due)
            #expect(try row.decode("to_number", as: String.self) == "+15550100134")
            #expect(try row.decode("tokenless", as: Bool.self))
            #expect(try f.contact(db).status == "pending")
        }
    }

    /// A contact whose stored zone this machine does not know is settled as the claim settles it
    /// (`time_zone_unknown`), not retried in a guessed zone (issue 15: one rule for unknown zones).
    @Test func aRetryInAnUnknownZoneIsNotGuessed() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            try db.execute("UPDATE contacts SET timezone = 'Mars/Olympus_Mons' WHERE id = \(f.contactID)")
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .noAnswer, callID: "call_1", occurredAt: now), toAttempt: f.attemptID,
                    source: "webhook", now: now, tx)
            }
            #expect(update.followUp == .settled(.skipped, reason: "time_zone_unknown"))
            #expect(try f.attemptCount(db) == 1)
            #expect(try f.contact(db) == ("skipped", "time_zone_unknown"))
        }
    }

    @Test func retryAfterTheWindowClosesWaitsForTomorrowsOpening() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            let late = CallFixture.iso("2026-11-25T20:50:00Z")
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .noAnswer, occurredAt: late), toAttempt: f.attemptID, source: "webhook",
                    now: late, tx)
            }
            guard case .retry(_, let dueAt) = update.followUp else {
                Issue.record("expected a retry")
                return
            }
            #expect(dueAt == CallFixture.iso("2026-11-26T08:00:00Z"))
        }
    }

    @Test func lastAttemptOrUnretriedOutcomeSettlesNotReached() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            try db.execute("UPDATE call_attempts SET attempt_number = 2 WHERE id = \(f.attemptID)")
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(AttemptReport(state: .noAnswer), toAttempt: f.attemptID, source: "webhook", now: now, tx)
            }
            #expect(update.followUp == .settled(.notReached, reason: "attempts_exhausted:no_answer"))
            #expect(try f.contact(db) == ("not_reached", "attempts_exhausted:no_answer"))
            #expect(try f.attemptCount(db) == 1)

            let g = try CallFixture.make(db, state: .ringing, callID: "call_2", externalID: "c2")
            let failed = try db.transaction { tx in
                try AttemptOutcomes.apply(AttemptReport(state: .failed), toAttempt: g.attemptID, source: "webhook", now: now, tx)
            }
            #expect(failed.followUp == .settled(.notReached, reason: "not_retried:failed"))
        }
    }

    @Test func cancelledCampaignSettlesCancelledButPausedStillRetries() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            try CampaignStore.setState(.paused, name: "fixture-test", db)
            let paused = try db.transaction { tx in
                try AttemptOutcomes.apply(AttemptReport(state: .busy), toAttempt: f.attemptID, source: "webhook", now: now, tx)
            }
            guard case .retry(let nextID, _) = paused.followUp else {
                Issue.record("paused campaign should still schedule the retry")
                return
            }
            try db.execute("UPDATE call_attempts SET state = 'ringing', call_id = 'call_2' WHERE id = \(nextID)")
            try CampaignStore.setState(.cancelled, name: "fixture-test", db)
            let cancelled = try db.transaction { tx in
                try AttemptOutcomes.apply(AttemptReport(state: .noAnswer), toAttempt: nextID, source: "webhook", now: now, tx)
            }
            #expect(cancelled.followUp == .settled(.cancelled, reason: "campaign_cancelled"))
            #expect(try f.contact(db).status == "cancelled")
        }
    }

    @Test func terminalNeverChangesAndLateEventsAreRecordOnly() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            try db.transaction { tx in
                try AttemptOutcomes.apply(AttemptReport(state: .completed), toAttempt: f.attemptID, source: "webhook", now: now, tx)
            }
            for late in [CallState.ringing, .inProgress, .noAnswer, .completed] {
                let update = try db.transaction { tx in
                    try AttemptOutcomes.apply(AttemptReport(state: late), toAttempt: f.attemptID, source: "webhook", now: now, tx)
                }
                guard case .recordOnly = update.transition else {
                    Issue.record("\(late) after completed was applied")
                    return
                }
                #expect(update.followUp == .none)
            }
            #expect(try f.attempt(db, "state") == "completed")
            #expect(try f.contact(db).status == "reached")
            #expect(try f.attemptCount(db) == 1)
        }
    }

    @Test func callIDMismatchChangesNothing() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .ringing, callID: "call_1")
            #expect(throws: AttemptOutcomesError.callIDMismatch(attemptID: f.attemptID)) {
                try db.transaction { tx in
                    try AttemptOutcomes.apply(
                        AttemptReport(state: .completed, callID: "call_other"), toAttempt: f.attemptID,
                        source: "webhook", now: now, tx)
                }
            }
            #expect(try f.attempt(db, "state") == "ringing")
        }
    }

    @Test(arguments: [CallState.dialing, .unknown])
    func adoptsTheCallOfAnAttemptWithoutOne(state: CallState) throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: state)
            let update = try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .ringing, callID: "call_9"), toAttempt: f.attemptID, source: "webhook", now: now, tx)
            }
            #expect(update.adopted)
            #expect(update.current == .ringing)
            #expect(try f.attempt(db, "call_id") == "call_9")
            #expect(try f.attempt(db, "resolved_by") == (state == .unknown ? "webhook" : nil))
        }
    }

    @Test func adoptCallAfterAWebhookAlreadyMovedItIsADuplicate() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .dialing)
            try db.transaction { tx in
                try AttemptOutcomes.apply(
                    AttemptReport(state: .ringing, callID: "call_9"), toAttempt: f.attemptID, source: "webhook", now: now, tx)
            }
            let update = try db.transaction { tx in
                try AttemptOutcomes.adoptCall(attemptID: f.attemptID, callID: "call_9", source: "dial", now: now, tx)
            }
            #expect(update.transition == .recordOnly(.stale))
            #expect(try f.attempt(db, "state") == "ringing")
            #expect(throws: AttemptOutcomesError.callIDMismatch(attemptID: f.attemptID)) {
                try db.transaction { tx in
                    try AttemptOutcomes.adoptCall(attemptID: f.attemptID, callID: "call_x", source: "dial", now: now, tx)
                }
            }
        }
    }

    @Test func adoptCallMovesDialingToInitiating() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .dialing)
            let update = try db.transaction { tx in
                try AttemptOutcomes.adoptCall(attemptID: f.attemptID, callID: "call_5", source: "dial", now: now, tx)
            }
            #expect(update.current == .initiating)
            #expect(try f.attempt(db, "call_id") == "call_5")
        }
    }

    @Test(arguments: [ContactSettlement.notReached, .skipped])
    func permanentFailureSettlesWithoutRetry(settlement: ContactSettlement) throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .dialing)
            let update = try db.transaction { tx in
                try AttemptOutcomes.failPermanently(
                    attemptID: f.attemptID, reason: "invalid_number", providerStatus: 400, settlement: settlement,
                    now: now, tx)
            }
            #expect(update.followUp == .settled(settlement, reason: "invalid_number"))
            #expect(try f.attempt(db, "state") == "failed")
            #expect(try f.attempt(db, "provider_status") == "400")
            #expect(try f.contact(db) == (settlement.rawValue, "invalid_number"))
            #expect(try f.attemptCount(db) == 1)
        }
    }

    @Test func markUnknownOnlyFromDialing() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .dialing)
            let update = try db.transaction { tx in try AttemptOutcomes.markUnknown(attemptID: f.attemptID, error: "timeout", lookAt: nil, now: now, tx) }
            #expect(update.current == .unknown)
            let g = try CallFixture.make(db, state: .ringing, callID: "call_1", externalID: "c2")
            let ignored = try db.transaction { tx in try AttemptOutcomes.markUnknown(attemptID: g.attemptID, error: "timeout", lookAt: nil, now: now, tx) }
            #expect(ignored.current == .ringing)
        }
    }

    @Test func skipCancelAndRescheduleAScheduledAttempt() throws {
        try TestDatabase.withMigrated { db, _ in
            let a = try CallFixture.make(db, state: .scheduled, externalID: "a")
            let b = try CallFixture.make(db, state: .scheduled, externalID: "b")
            let c = try CallFixture.make(db, state: .scheduled, externalID: "c")
            let skipped = try db.transaction { tx in
                try AttemptOutcomes.skip(attemptID: a.attemptID, reason: "suppressed", now: now, tx)
            }
            #expect(skipped.followUp == .settled(.skipped, reason: "suppressed"))
            #expect(try a.contact(db) == ("skipped", "suppressed"))
            try db.transaction { tx in try AttemptOutcomes.cancel(attemptID: b.attemptID, reason: "campaign_cancelled", now: now, tx) }
            #expect(try b.attempt(db, "state") == "cancelled")
            #expect(try b.contact(db).status == "cancelled")
            let later = now.addingTimeInterval(3_600)
            try db.transaction { tx in try AttemptOutcomes.reschedule(attemptID: c.attemptID, dueAt: later, now: now, tx) }
            #expect(try db.query("SELECT due_at FROM call_attempts WHERE id = \(c.attemptID)")[0].decode("due_at", as: Date.self) == later)
            #expect(throws: AttemptOutcomesError.self) {
                try db.transaction { tx in try AttemptOutcomes.reschedule(attemptID: a.attemptID, dueAt: later, now: now, tx) }
            }
        }
    }

    @Test func requeueOnlyFromDialingCountsTheTransientFailure() throws {
        try TestDatabase.withMigrated { db, _ in
            let f = try CallFixture.make(db, state: .dialing)
            let later = now.addingTimeInterval(60)
            try db.transaction { tx in
                try AttemptOutcomes.requeue(attemptID: f.attemptID, dueAt: later, error: "rate_limited", now: now, tx)
            }
            #expect(try f.attempt(db, "state") == "scheduled")
            #expect(try f.attempt(db, "transient_failures") == "1")
            #expect(try db.query("SELECT due_at FROM call_attempts WHERE id = \(f.attemptID)")[0].decode("due_at", as: Date.self) == later)
            let g = try CallFixture.make(db, state: .unknown, externalID: "c2")
            #expect(throws: AttemptOutcomesError.wrongState(attemptID: g.attemptID, state: "unknown", operation: "requeue")) {
                try db.transaction { tx in
                    try AttemptOutcomes.requeue(attemptID: g.attemptID, dueAt: later, error: "x", now: now, tx)
                }
            }
        }
    }

    @Test func unknownAttemptThrowsNotFound() throws {
        _ = try TestDatabase.withMigrated { db, _ in
            #expect(throws: AttemptOutcomesError.attemptNotFound(999)) {
                try db.transaction { tx in
                    try AttemptOutcomes.apply(AttemptReport(state: .ringing), toAttempt: 999, source: "webhook", now: now, tx)
                }
            }
        }
    }
}
