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

    /// What a batch will write: attempts' new columns, event rows, and which attempts ended.
    struct Batch {
        var attempts: [String: Working]
        let source: String
        let now: Date
        var events: [EventRow] = []
        var ended: [(attempt: LockedAttempt, state: CallState, at: Date)] = []

        var anyEnded: Bool { !ended.isEmpty }

        /// An attempt as the batch's earlier events left it, and what to write for it.
        struct Working {
            let locked: LockedAttempt
            var state: CallState
            var callID: String?
            var changed = false
            var adoptedCallID: String?
            var answeredAt: Date?
            var endedAt: Date?
            var durationSeconds: Int?
            var recordingID: String?
            var endReason: String?
            var resolvedBy: String?
            /// Set by the first news of the call (see `FirstNews`).
            var dialedAt: Date?
            var pollAt: Date?
            /// Events of this batch stored for the attempt.
            var newEvents = 0
        }

        struct EventRow {
            let attemptID: Int64
            let event: ProviderEvent
            let disposition: Disposition
        }

        init(locked: [String: LockedAttempt], source: String, now: Date) {
            attempts = locked.mapValues { Working(locked: $0, state: $0.state, callID: $0.callID) }
            self.source = source
            self.now = now
        }

        /// Plans every item in order; items at `repeated` were delivered before and are left alone.
        mutating func plan(_ items: [Item], repeated: Set<Int>) throws -> [Plan] {
            try items.indices.map { index in
                repeated.contains(index) ? Plan(result: .repeatedDelivery) : try plan(items[index])
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

        /// Applies one event to its attempt's working copy (`AttemptOutcomes.decide`'s rules).
        mutating func plan(_ item: Item) throws -> Plan {
            guard var attempt = attempts[item.token] else { return Plan(result: .unknownToken) }
            let id = attempt.locked.id
            let event = item.event
            if let known = attempt.callID, known != event.callID { return Plan(result: .callIDMismatch(attemptID: id)) }
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
            let (transition, adopted) = try AttemptOutcomes.decide(report, state: attempt.state, callID: attempt.callID, attemptID: id)
            let previous = attempt.state
            var endedAttempt: Int64?
            if let adopted {
                attempt.callID = adopted
                attempt.adoptedCallID = adopted
                attempt.changed = true
            }
            if case .advance(let next) = transition {
                let at = event.occurredAt ?? now
                attempt.changed = true
                attempt.state = next
                if next == .inProgress || next == .completed { attempt.answeredAt = attempt.answeredAt ?? at }
                if next.isTerminal {
                    attempt.endedAt = attempt.endedAt ?? at
                    ended.append((attempt.locked, next, at))
                    endedAttempt = id
                }
                attempt.durationSeconds = event.durationSeconds ?? attempt.durationSeconds
                attempt.recordingID = event.recordingID ?? attempt.recordingID
                attempt.endReason = event.reason ?? attempt.endReason
                if previous == .unknown { attempt.resolvedBy = source }
                if FirstNews.applies(from: previous) { attempt.dialedAt = attempt.dialedAt ?? at }
            }
            attempts[item.token] = attempt
            let disposition: Disposition
            if adopted != nil {
                disposition = .adopted
            } else if case .advance = transition {
                disposition = .applied
            } else {
                disposition = .late
            }
            events.append(EventRow(attemptID: id, event: event, disposition: disposition))
            let update = AttemptUpdate(attemptID: id, previous: previous, transition: transition, adopted: adopted != nil, followUp: .none)
            return Plan(
                result: .recorded(attemptID: id, disposition: disposition, duplicate: false, update: update),
                dedupeKey: event.dedupeKey, endedAttempt: endedAttempt)
        }

        /// Contacts whose attempt completed in this batch and that are still pending: settled reached.
        var reachedContacts: [Int64] {
            ended.filter { $0.state == .completed && $0.attempt.kind == "campaign" && $0.attempt.contactStatus == "pending" }
                .map(\.attempt.contactID)
        }

        /// Gives the calls first heard of in this batch, and still live, their status poll (see
        /// `FirstNews`). Reads the campaigns only then, which is rare: a call is normally first
        /// heard of through its dial's answer.
        mutating func schedulePolls(_ db: Connection) throws {
            var delays: [Int64: TimeInterval] = [:]
            for (token, attempt) in attempts where attempt.dialedAt != nil && !attempt.state.isTerminal {
                let campaignID = attempt.locked.campaignID
                if delays[campaignID] == nil {
                    delays[campaignID] = try CampaignStore.load(id: campaignID, db).campaign.statusPollDelay
                }
                attempts[token]?.pollAt = now.addingTimeInterval(delays[campaignID] ?? 0)
            }
        }

        /// One statement for the batch's writes: every changed attempt, every event (keeping the
        /// first of each key), every reached contact, and the dispatchers' wake-up. Returns the event
        /// keys inserted (the others were duplicates) and the contacts settled.
        func write(_ db: Connection) throws -> (inserted: Set<String>, reached: Set<Int64>) {
            try Self.written(try db.query(writeQuery()))
        }

        /// The statement behind `write`, for sending in a pipeline; `written` reads its rows.
        func writeQuery() -> Query {
            let changed = attempts.values.filter { $0.changed || $0.newEvents > 0 }
            func attemptColumn(_ value: (Working) -> String?) -> [String] { changed.map { value($0) ?? "" } }
            func eventColumn(_ value: (EventRow) -> String?) -> [String] { events.map { value($0) ?? "" } }
            func instant(_ date: Date?) -> String? { date.map { String($0.timeIntervalSince1970) } }
            return """
                WITH attempts AS (
                    UPDATE call_attempts a SET
                        state = u.state,
                        call_id = COALESCE(a.call_id, NULLIF(u.call_id, '')),
                        answered_at = COALESCE(a.answered_at, to_timestamp(NULLIF(u.answered_at, '')::float8)),
                        ended_at = COALESCE(a.ended_at, to_timestamp(NULLIF(u.ended_at, '')::float8)),
                        dialed_at = CASE WHEN u.dialed_at = '' THEN a.dialed_at
                                         ELSE COALESCE(a.dialed_at, a.claimed_at, to_timestamp(u.dialed_at::float8)) END,
                        poll_at = CASE WHEN u.ended_at <> '' THEN NULL
                                       ELSE COALESCE(a.poll_at, to_timestamp(NULLIF(u.poll_at, '')::float8)) END,
                        duration_seconds = COALESCE(NULLIF(u.duration, '')::integer, a.duration_seconds),
                        recording_id = COALESCE(NULLIF(u.recording_id, ''), a.recording_id),
                        end_reason = COALESCE(NULLIF(u.end_reason, ''), a.end_reason),
                        resolved_by = COALESCE(NULLIF(u.resolved_by, ''), a.resolved_by),
                        event_count = a.event_count + u.new_events::integer,
                        updated_at = \(now)::timestamptz
                    FROM unnest(\(attemptColumn { String($0.locked.id) }), \(attemptColumn { $0.state.rawValue }),
                                \(attemptColumn(\.adoptedCallID)), \(attemptColumn { instant($0.answeredAt) }),
                                \(attemptColumn { instant($0.endedAt) }), \(attemptColumn { $0.durationSeconds.map(String.init) }),
                                \(attemptColumn(\.recordingID)), \(attemptColumn(\.endReason)), \(attemptColumn(\.resolvedBy)),
                                \(attemptColumn { instant($0.dialedAt) }), \(attemptColumn { instant($0.pollAt) }),
                                \(attemptColumn { String($0.newEvents) }))
                        AS u(id, state, call_id, answered_at, ended_at, duration, recording_id, end_reason, resolved_by, dialed_at,
                             poll_at, new_events)
                    WHERE a.id = u.id::bigint
                    RETURNING a.id
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
                    UPDATE contacts SET status = 'reached', status_reason = NULL, settled_at = \(now)::timestamptz,
                        updated_at = \(now)::timestamptz
                    WHERE id = ANY(\(reachedContacts.map(String.init))::bigint[]) AND status = 'pending'
                    RETURNING id
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
        var settlesWithStatements: Bool { ended.contains { $0.state != .completed } }

        /// Follow-ups of the attempts that ended: reached (settled in `write`), or settled or
        /// retried one by one through `AttemptOutcomes.settleOrRetry` (a retry loads the campaign);
        /// runs after `write`, once the ended attempts are no longer live.
        func settle(reached: Set<Int64>, _ db: Connection) throws -> [Int64: FollowUp] {
            var followUps: [Int64: FollowUp] = [:]
            for end in ended {
                if end.state == .completed {
                    if reached.contains(end.attempt.contactID) { followUps[end.attempt.id] = .settled(.reached, reason: nil) }
                } else {
                    followUps[end.attempt.id] = try AttemptOutcomes.settleOrRetry(
                        end.attempt, endedIn: end.state, endedAt: end.at, now: now, db)
                }
            }
            return followUps
        }
    }
}
