import Foundation
import Postgres
import Reminders

extension EventRecorder {
    /// One item's outcome before the writes: its result, the event's key, and whether it ended its attempt.
    struct Plan {
        var result: Result
        var dedupeKey: String?
        var endedAttempt: Int64?
    }

    /// What a batch will write: attempts' new records, event rows, and which attempts ended.
    struct Batch {
        var attempts: [String: Working]
        let source: String
        let now: Date
        var events: [EventRow] = []
        /// Attempts the batch ended, with what the machine says follows for their contacts.
        var ended: [(attempt: LockedAttempt, followUp: AttemptMachine.FollowUp)] = []

        var anyEnded: Bool { !ended.isEmpty }

        /// An attempt as the batch's earlier events left it (`AttemptMachine`'s record).
        struct Working {
            let locked: LockedAttempt
            var record: AttemptMachine.Record
            /// Events of this batch stored for the attempt.
            var newEvents = 0
        }

        struct EventRow {
            let attemptID: Int64
            let event: ProviderEvent
            let disposition: Disposition
        }

        init(locked: [String: LockedAttempt], source: String, now: Date) {
            attempts = locked.mapValues { Working(locked: $0, record: $0.record) }
            self.source = source
            self.now = now
        }

        /// Plans every item in order; items at `repeated` were delivered before and are left
        /// alone. `pollDelay` gives a campaign's `statusPollDelay`, asked for only when a call is
        /// first heard of here (rare: normally through its dial's answer).
        mutating func plan(_ items: [Item], repeated: Set<Int>, pollDelay: (Int64) throws -> TimeInterval) throws -> [Plan] {
            try items.indices.map { index in
                repeated.contains(index) ? Plan(result: .repeatedDelivery) : try plan(items[index], pollDelay: pollDelay)
            }
        }

        /// Whether a webhook for `attempt` is past the attempt's bounds (status polls never are:
        /// they are how a call whose webhooks never came gets settled).
        private func isClosed(_ attempt: Working) -> Bool {
            guard source == "webhook" else { return false }
            if attempt.locked.eventCount + attempt.newEvents >= EventRecorder.maxWebhooksPerAttempt { return true }
            guard attempt.locked.state.isTerminal, let endedAt = attempt.locked.endedAt else { return false }
            return now.timeIntervalSince(endedAt) > EventRecorder.lateWebhookWindow
        }

        /// Applies one event to its attempt's working record through `AttemptMachine`.
        mutating func plan(_ item: Item, pollDelay: (Int64) throws -> TimeInterval) throws -> Plan {
            guard var attempt = attempts[item.token] else { return Plan(result: .unknownToken) }
            let id = attempt.locked.id
            let event = item.event
            if let known = attempt.record.callID, known != event.callID { return Plan(result: .callIDMismatch(attemptID: id)) }
            if isClosed(attempt) { return Plan(result: .closed(attemptID: id)) }
            attempt.newEvents += 1
            attempts[item.token] = attempt
            guard let state = event.state else {
                events.append(EventRow(attemptID: id, event: event, disposition: .unrecognized))
                return Plan(result: .recorded(attemptID: id, disposition: .unrecognized, duplicate: false, update: nil),
                            dedupeKey: event.dedupeKey)
            }
            let report = AttemptReport(
                state: state, callID: event.callID, occurredAt: event.occurredAt, durationSeconds: event.durationSeconds,
                recordingID: event.recordingID, endReason: event.reason)
            let previous = attempt.record.state
            let firstPollAt = try AttemptOutcomes.firstPoll(
                of: attempt.record, campaignID: attempt.locked.campaignID, now: now, delay: pollDelay)
            let step = AttemptMachine.apply(.reported(report, source: source, firstPollAt: firstPollAt, at: now), to: attempt.record)
            attempt.record = step.record
            attempts[item.token] = attempt
            var endedAttempt: Int64?
            if step.followUp != .none {
                ended.append((attempt.locked, step.followUp))
                endedAttempt = id
            }
            let disposition: Disposition
            if step.adoptedCallID != nil {
                disposition = .adopted
            } else if case .advance = step.transition {
                disposition = .applied
            } else {
                disposition = .late
            }
            events.append(EventRow(attemptID: id, event: event, disposition: disposition))
            let update = AttemptUpdate(
                attemptID: id, previous: previous, transition: step.transition, adopted: step.adoptedCallID != nil, followUp: .none)
            return Plan(
                result: .recorded(attemptID: id, disposition: disposition, duplicate: false, update: update),
                dedupeKey: event.dedupeKey, endedAttempt: endedAttempt)
        }

        /// Contacts whose attempt completed in this batch and that are still pending: settled reached.
        var reachedContacts: [Int64] {
            ended.filter { Self.completed($0.followUp) && $0.attempt.kind == "campaign" && $0.attempt.contactStatus == "pending" }
                .map(\.attempt.contactID)
        }

        /// A call that completed: its contact is settled reached by `write`'s one statement.
        static func completed(_ followUp: AttemptMachine.FollowUp) -> Bool {
            if case .settleOrRetry(.completed, _) = followUp { return true }
            return false
        }

        /// One statement for the batch's writes: every changed attempt, every event (keeping the
        /// first of each key), every reached contact, and the dispatchers' wake-up. Returns the event
        /// keys inserted (the others were duplicates) and the contacts settled.
        func write(_ db: Connection) throws -> (inserted: Set<String>, reached: Set<Int64>) {
            try Self.written(try db.query(writeQuery()))
        }

        /// The statement behind `write`, for sending in a pipeline; `written` reads its rows.
        func writeQuery() -> Query {
            let changes = attempts.values.filter { $0.record != $0.locked.record || $0.newEvents > 0 }
                .map { AttemptWriter.Change(id: $0.locked.id, before: $0.locked.record, record: $0.record, newEvents: $0.newEvents) }
            func eventColumn(_ value: (EventRow) -> String?) -> [String] { events.map { value($0) ?? "" } }
            func instant(_ date: Date?) -> String? { date.map { String($0.timeIntervalSince1970) } }
            return """
                WITH attempts AS (
                    \(updating: changes)
                ), events AS (
                    INSERT INTO call_events (attempt_id, call_id, status, event_at, dedupe_key, disposition, source, payload, received_at)
                    SELECT e.attempt_id::bigint, e.call_id, e.status, to_timestamp(NULLIF(e.event_at, '')::float8), e.dedupe_key,
                           e.disposition, \(source), e.payload::jsonb, \(now)::timestamptz
                    FROM unnest(\(eventColumn { String($0.attemptID) }), \(eventColumn(\.event.callID)), \(eventColumn(\.event.status)),
                                \(eventColumn { instant($0.event.occurredAt) }), \(eventColumn(\.event.dedupeKey)),
                                \(eventColumn(\.disposition.rawValue)), \(eventColumn(\.event.payload)))
                        AS e(attempt_id, call_id, status, event_at, dedupe_key, disposition, payload)
                    ON CONFLICT (dedupe_key) DO NOTHING
                    RETURNING dedupe_key
                ), reached AS (
                    \(settling: reachedContacts, as: .reached, reason: nil, now: now)
                ), wake AS (
                    SELECT pg_notify(\(WakeChannel.name), '') WHERE \(anyEnded)
                )
                SELECT 'event' AS kind, dedupe_key AS value FROM events
                UNION ALL SELECT 'reached', id::text FROM reached
                UNION ALL SELECT 'wake', '' FROM wake
                UNION ALL SELECT 'attempt', id::text FROM attempts
                """
        }

        /// The event keys `writeQuery` inserted (the others were duplicates) and the contacts it settled.
        static func written(_ rows: Rows) throws -> (inserted: Set<String>, reached: Set<Int64>) {
            var inserted: Set<String> = []
            var reached: Set<Int64> = []
            for row in rows {
                let value = try row.decode("value", as: String.self)
                switch try row.decode("kind", as: String.self) {
                case "event": inserted.insert(value)
                case "reached": if let id = Int64(value) { reached.insert(id) }
                default: break
                }
            }
            return (inserted, reached)
        }

        /// Whether `settle` will run statements: an attempt ended other than completed (a retry to
        /// schedule or a contact to settle), which `write` cannot do in its one statement.
        var settlesWithStatements: Bool { ended.contains { !Self.completed($0.followUp) } }

        /// Follow-ups of the attempts that ended: reached (settled in `write`), or the others one
        /// by one through `AttemptOutcomes.follow` (a retry loads the campaign); runs after
        /// `write`, once the ended attempts are no longer live.
        func settle(reached: Set<Int64>, _ db: Connection) throws -> [Int64: FollowUp] {
            var followUps: [Int64: FollowUp] = [:]
            for end in ended {
                if Self.completed(end.followUp) {
                    if reached.contains(end.attempt.contactID) { followUps[end.attempt.id] = .settled(.reached, reason: nil) }
                } else {
                    followUps[end.attempt.id] = try AttemptOutcomes.follow(end.followUp, of: end.attempt, now: now, db)
                }
            }
            return followUps
        }
    }
}
