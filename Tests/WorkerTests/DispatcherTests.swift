import Foundation
import Postgres
import Reminders
import RemindersStore
import Synchronization
import TestSupport
import Testing
import VoiceAPI
import VoiceSimulator
import Worker

/// The dispatcher against voice-sim over loopback and a real Postgres.
@Suite(.serialized) struct DispatcherTests {
    @Test func aBatchIsDialedOnceEachWithinTheLimitAndEndsSettled() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(12)
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.accepted == 12)
            #expect(summary.rateLimited == 0)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            #expect(try fixture.contactStatuses() == ["reached": 12])
            // Never faster than the limit: any k + 1 dials span at least k intervals of 100 ms at the
            // provider, less a little arrival jitter (a first request opens its connection).
            let times = fixture.simulator.log
                .filter { $0.kind == .request && $0.path == "/voice/outbound/dial" }.map(\.elapsedMilliseconds).sorted()
            for i in times.indices {
                for j in times.indices where j > i {
                    #expect(times[j] - times[i] >= Int64(j - i) * 100 - 50, "dials \(i) and \(j)")
                }
            }
            // The context and webhook URL went out as the contact's.
            let call = try #require(fixture.simulator.calls.first)
            #expect(call.request.context == ["first_name": "Ada"])
            #expect(call.request.webhookURL?.hasPrefix("http://127.0.0.1:\(port)/webhooks/voice/") == true)
        }
    }

    @Test func aStormOf429sPlacesEveryCallOnceAndCountsTheRefusals() throws {
        try DispatchFixture.with { db, url, port in
            // The provider allows 10 per 6 s (100/min) while we believe 600/min: most dials meet a 429.
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.limits.perWindow[.dial] = 10
            }
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(14)
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.rateLimited > 0)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            #expect(try fixture.contactStatuses() == ["reached": 14])
            let counters = try RateLimiter(account: fixture.client.accountID).counters(.dial, db)
            #expect(counters.rateLimited == Int64(summary.rateLimited))
            // A 429 is not an attempt: every contact was reached on attempt 1.
            #expect(try db.query("SELECT max(attempt_number)::int AS n FROM call_attempts")[0].decode("n", as: Int.self) == 1)
        }
    }

    @Test func serverErrorsWithoutACallAreReconciledThenDialedAgainWithoutUsingUpTheAttempt() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.faults.dialServerError = 0.5
            }
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(8)
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.ambiguous > 0)
            #expect(summary.redialed == summary.ambiguous)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            let attempts = try db.query("SELECT max(attempt_number)::int AS a FROM call_attempts")[0]
            #expect(try attempts.decode("a", as: Int.self) == 1)
        }
    }

    /// 402 (no balance) refuses the account, not the patient: the run stops at once and says so,
    /// every contact stays pending, and a run after the account is fixed calls them all. (Before:
    /// every due contact was settled `not_reached` at the dial rate and the run "settled" them.)
    @Test func anAccountRefusalStopsTheRunAndLeavesEveryContactPending() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.faults.insufficientBalance = true
            }
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(5)
            try fixture.addContacts(numbers)
            let refused = try fixture.dispatcher().run()
            #expect(refused.ending == .accountRefused)
            #expect(refused.accountRefusal == "HTTP 402: insufficient balance")
            #expect(fixture.dialsByNumber(acceptedOnly: false).values.reduce(0, +) == 1)
            #expect(try fixture.contactStatuses() == ["pending": 5])
            let attempts = try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE state = 'scheduled' AND attempt_number = 1")[0]
            #expect(try attempts.decode("n", as: Int.self) == 5)

            fixture.simulator.update(faults: Faults())
            let resumed = try fixture.dispatcher().run()
            #expect(resumed.ending == .settled)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            #expect(try fixture.contactStatuses() == ["reached": 5])
        }
    }

    /// The same refusal for three different contacts in a row is taken for the campaign's setup
    /// (here an unverified from_number, refused 422 for everyone): the run stops and the rest stay
    /// pending, the two refused before the streak was complete put back with a next attempt.
    @Test func identicalRefusalsForThreeContactsStopTheRun() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.verifiedCallerIDs = ["+15550199999"]
            }
            try fixture.saveCampaign()
            try fixture.addContacts(DispatchFixture.numbers(5))
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .accountRefused)
            #expect(summary.accountRefusal == "HTTP 422: from_number is not a verified caller id")
            #expect(fixture.dialsByNumber(acceptedOnly: false).values.reduce(0, +) == 3)
            #expect(try fixture.contactStatuses() == ["pending": 5])
            let waiting = try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE state = 'scheduled'")[0]
            #expect(try waiting.decode("n", as: Int.self) == 5)
        }
    }

    /// Every dial answered 503: after three in a row the account's dial bucket is closed for a
    /// while, as after a 429, so an outage is not turned into one reconciliation per due contact
    /// at the dial rate. Everyone is still dialed once the provider is back.
    @Test func anOutageClosesTheDialBucketForAWhile() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.faults.dialServerError = 1
            }
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(6)
            try fixture.addContacts(numbers)
            let simulator = fixture.simulator
            let recover = Thread {
                _ = eventually(timeout: .seconds(20)) { simulator.log.filter { $0.path == "/voice/outbound/dial" }.count >= 3 }
                simulator.update(faults: Faults())
            }
            recover.start()
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(try RateLimiter(account: fixture.client.accountID).counters(.dial, db).rateLimited >= 1)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
        }
    }

    /// A gateway in front of the provider answers 502 after the call was placed: the patient
    /// must not get a second call. (Before: 5xx was "not placed", the attempt was requeued and
    /// the patient dialed again within a second.)
    @Test func aServerErrorAfterTheCallWasPlacedIsAdoptedNotDialedAgain() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.faults.placedServerError = 1
            }
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(3)
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.ambiguous == 3)
            #expect(summary.redialed == 0)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            #expect(try fixture.contactStatuses() == ["reached": 3])
        }
    }

    @Test func ambiguousDialsAreAdoptedWithoutASecondCall() throws {
        try DispatchFixture.with { db, url, port in
            // Every dial is placed but its answer never comes back within the client's deadline.
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port, configure: { configuration in
                configuration.faults.droppedResponse = 1
                configuration.droppedResponseHold = .seconds(2)
            }, clientTimeout: .milliseconds(500))
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(3)
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.ambiguous == 3)
            #expect(summary.redialed == 0)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            #expect(try fixture.contactStatuses() == ["reached": 3])
        }
    }

    @Test func aDialTheProviderNeverGotIsDialedAgainAfterTheGracePeriod() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(2)
            try fixture.addContacts(numbers)
            // A worker died between its claim and the request: `dialing`, a dead run, no call at the provider.
            let dead = try RunRegistry.start(host: "gone", pid: 1, campaigns: [], db)
            try db.execute("UPDATE runs SET heartbeat_at = now() - interval '1 hour' WHERE id = \(dead)")
            try db.execute("""
                UPDATE call_attempts SET state = 'dialing', run_id = \(dead), claimed_at = now() - interval '1 minute'
                 WHERE to_number = \(numbers[0])
                """)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.redialed == 1)
            #expect(fixture.dialsByNumber() == DispatchFixture.eachOnce(numbers))
            #expect(try fixture.contactStatuses() == ["reached": 2])
        }
    }

    @Test func aDeadWorkersPlacedCallIsAdoptedNotDialedAgain() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(1)
            try fixture.addContacts(numbers)
            let dead = try RunRegistry.start(host: "gone", pid: 1, campaigns: [], db)
            try db.execute("UPDATE runs SET heartbeat_at = now() - interval '1 hour' WHERE id = \(dead)")
            try db.execute("UPDATE call_attempts SET state = 'dialing', run_id = \(dead), claimed_at = now()")
            // The dead worker's request reached the provider; its answer was lost with the worker.
            let placed = fixture.client.dial(DialRequest(agentID: "agent_1", toNumber: numbers[0], fromNumber: "+15550100000"))
            guard case .accepted(let callID, _) = placed else { Issue.record("setup dial failed: \(placed)"); return }
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.adopted == 1)
            #expect(fixture.dialsByNumber() == [numbers[0]: 1])
            let row = try db.query("SELECT call_id, state, resolved_by FROM call_attempts")[0]
            #expect(try row.decode("call_id", as: String?.self) == callID)
            #expect(try row.decode("state", as: String.self) == "completed")
            #expect(try row.decode("resolved_by", as: String?.self) == "sessions")
        }
    }

    @Test func callsWithoutWebhooksArePolledToTheirEnd() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port) { configuration in
                configuration.faults.missingWebhook = 1
            }
            try fixture.saveCampaign()
            let numbers = DispatchFixture.numbers(3, lastDigit: 0) + DispatchFixture.numbers(2, lastDigit: 8, prefix: "+1556")
            try fixture.addContacts(numbers)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.polls >= 5)
            #expect(try fixture.contactStatuses() == ["reached": 3, "not_reached": 2])
        }
    }

    @Test func retriesAreDialedInExactNumberAndNeverBeforeTheirDueTime() throws {
        // The clock runs 120× fast so the one-minute minimum retry delay passes in half a second.
        let start = Date()
        let fast: @Sendable () -> Date = { start.addingTimeInterval(Date().timeIntervalSince(start) * 120) }
        try DispatchFixture.with(now: fast) { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: #", "retry": {"max_attempts": 3, "delay": "1m", "on": ["no_answer"]}"#)
            let numbers = DispatchFixture.numbers(2, lastDigit: 6)
            try fixture.addContacts(numbers, due: start)
            let clock = DispatchClock(now: fast, sleep: DispatchClock.system.sleep)
            let summary = try fixture.dispatcher(clock: clock).run()
            #expect(summary.ending == .settled)
            #expect(fixture.dialsByNumber() == Dictionary(uniqueKeysWithValues: numbers.map { ($0, 3) }))
            #expect(try fixture.contactStatuses() == ["not_reached": 2])
            let rows = try db.query("""
                SELECT a.claimed_at, a.due_at, p.ended_at AS previous_end FROM call_attempts a
                  JOIN call_attempts p ON p.contact_id = a.contact_id AND p.attempt_number = a.attempt_number - 1
                """)
            #expect(rows.count == 4)
            for row in rows {
                let due = try row.decode("due_at", as: Date.self)
                #expect(try row.decode("claimed_at", as: Date.self) >= due)
                #expect(due.timeIntervalSince(try row.decode("previous_end", as: Date.self)) >= 60 - 0.001)
            }
        }
    }

    @Test func pausingMidBatchStopsClaimingAndTheRunEndsPaused() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            // 60 a minute: one dial a second, so the pause lands mid-batch.
            try fixture.saveCampaign()
            try fixture.addContacts(DispatchFixture.numbers(10))
            var configuration = fixture.configuration()
            configuration.dialLimit = RateLimit(perMinute: 60, burst: 1)
            let dispatcher = try fixture.dispatcher(configuration)
            let paused = Flag()
            let simulator = fixture.simulator
            let name = fixture.campaignName
            let pauser = Thread {
                _ = eventually(timeout: .seconds(20)) { simulator.calls.count >= 2 }
                if let connection = try? Connection(url: url), (try? CampaignStore.setState(.paused, name: name, connection)) != nil {
                    paused.set()
                }
            }
            pauser.start()
            let summary = try dispatcher.run()
            #expect(paused.isSet)
            #expect(summary.ending == .paused)
            let dialed = fixture.simulator.calls.count
            #expect(dialed >= 2 && dialed <= 4)
            #expect(try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE state = 'scheduled'")[0].decode("n", as: Int.self) == 10 - dialed)
        }
    }

    @Test func aStopRequestEndsTheRunAfterTheRequestInFlight() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign()
            try fixture.addContacts(DispatchFixture.numbers(5))
            let stop = Flag()
            let dispatcher = try fixture.dispatcher(stop: { stop.isSet })
            let simulator = fixture.simulator
            let stopper = Thread {
                _ = eventually(timeout: .seconds(20)) { simulator.calls.count >= 1 }
                stop.set()
            }
            stopper.start()
            let summary = try dispatcher.run()
            #expect(summary.ending == .stopped)
            // Nothing is left half-done: every attempt is scheduled or was dialed and recorded.
            #expect(try db.query("SELECT count(*)::int AS n FROM call_attempts WHERE state = 'dialing'")[0].decode("n", as: Int.self) == 0)
            let ended = try db.query("SELECT ended_at IS NOT NULL AS ended FROM runs WHERE id = \(dispatcher.runID)")[0]
            #expect(try ended.decode("ended", as: Bool.self))
        }
    }
}

extension DispatcherTests {
    @Test func submitAheadSendsTheDueTimeAsScheduledAt() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: #", "submit_ahead": true"#)
            // Due in an hour, inside the window: sent now, for the provider to place then.
            let due = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 3_600).rounded())
            try fixture.addContacts(DispatchFixture.numbers(1), due: due)
            let stop = Flag()
            let simulator = fixture.simulator
            let stopper = Thread {
                _ = eventually(timeout: .seconds(20)) { !simulator.calls.isEmpty }
                stop.set()
            }
            stopper.start()
            let summary = try fixture.dispatcher(stop: { stop.isSet }).run()
            #expect(summary.accepted == 1)
            let call = try #require(fixture.simulator.calls.first)
            #expect(call.request.scheduledAt == due)
            // Polled only after the call could have ended: its due time plus max_duration.
            let pollAt = try db.query("SELECT poll_at FROM call_attempts")[0].decode("poll_at", as: Date.self)
            #expect(pollAt >= due)
        }
    }

    /// Before: the checks ran only when a call was submitted ahead, so a patient who opted out
    /// in the meantime was still called at the scheduled time. Now the queued call is ended.
    @Test func aQueuedCallIsEndedWhenItsNumberIsSuppressedBeforeItsTime() throws {
        try DispatchFixture.with { db, url, port in
            let fixture = try DispatchFixture(db: db, url: url, receiverPort: port)
            try fixture.saveCampaign(extra: #", "submit_ahead": true"#)
            let number = DispatchFixture.numbers(1)[0]
            try fixture.addContacts([number], due: Date().addingTimeInterval(3_600))
            let stop = Flag()
            let simulator = fixture.simulator
            let stopper = Thread {
                _ = eventually(timeout: .seconds(20)) { !simulator.calls.isEmpty }
                stop.set()
            }
            stopper.start()
            #expect(try fixture.dispatcher(stop: { stop.isSet }).run().accepted == 1)

            try SuppressionStore.add(try #require(PhoneNumber(e164: number)), db)
            let summary = try fixture.dispatcher().run()
            #expect(summary.ending == .settled)
            #expect(summary.queuedCallsEnded == 1)
            let ends = fixture.simulator.log.filter { $0.kind == .request && ($0.path ?? "").hasPrefix("/voice/end/") }
            #expect(ends.count == 1)
            let row = try db.query("SELECT state, end_reason FROM call_attempts")[0]
            #expect(try row.decode("state", as: String.self) == "cancelled")
            #expect(try row.decode("end_reason", as: String?.self) == "suppressed")
            #expect(try fixture.contactStatuses() == ["cancelled": 1])
        }
    }
}

