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

        /// Applies one event to its attempt's working copy (`AttemptOutcomes.decide`'s rules).
        mutating func plan(_ item: Item) throws -> Plan {
            guard var attempt = attempts[item.token] else { return Plan(result: .unknownToken) }
            let id = attempt.locked.id
            let event = item.event
            if let known = attempt.callID, known != event.callID { return Plan(result: .callIDMismatch(attemptID: id)) }
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

        /// One UPDATE for every attempt the batch changed.
        func writeAttempts(_ db: Connection) throws {
            let changed = attempts.values.filter(\.changed)
            guard !changed.isEmpty else { return }
            func column(_ value: (Working) -> String?) -> [String] { changed.map { value($0) ?? "" } }
            func instant(_ date: Date?) -> String? { date.map { String($0.timeIntervalSince1970) } }
            try db.execute("""
                UPDATE call_attempts a SET
                    state = u.state,
                    call_id = COALESCE(a.call_id, NULLIF(u.call_id, '')),
                    answered_at = COALESCE(a.answered_at, to_timestamp(NULLIF(u.answered_at, '')::float8)),
                    ended_at = COALESCE(a.ended_at, to_timestamp(NULLIF(u.ended_at, '')::float8)),
                    poll_at = CASE WHEN u.ended_at <> '' THEN NULL ELSE a.poll_at END,
                    duration_seconds = COALESCE(NULLIF(u.duration, '')::integer, a.duration_seconds),
                    recording_id = COALESCE(NULLIF(u.recording_id, ''), a.recording_id),
                    end_reason = COALESCE(NULLIF(u.end_reason, ''), a.end_reason),
                    resolved_by = COALESCE(NULLIF(u.resolved_by, ''), a.resolved_by),
                    updated_at = \(now)::timestamptz
                FROM unnest(\(column { String($0.locked.id) }), \(column { $0.state.rawValue }),
                            \(column(\.adoptedCallID)), \(column { instant($0.answeredAt) }),
                            \(column { instant($0.endedAt) }), \(column { $0.durationSeconds.map(String.init) }),
                            \(column(\.recordingID)), \(column(\.endReason)), \(column(\.resolvedBy)))
                    AS u(id, state, call_id, answered_at, ended_at, duration, recording_id, end_reason, resolved_by)
                WHERE a.id = u.id::bigint
                """)
        }

        /// One INSERT for every event; returns the keys actually inserted (the others were duplicates).
        func insertEvents(_ db: Connection) throws -> Set<String> {
            guard !events.isEmpty else { return [] }
            func column(_ value: (EventRow) -> String?) -> [String] { events.map { value($0) ?? "" } }
            let rows = try db.query("""
                INSERT INTO call_events (attempt_id, call_id, status, event_at, dedupe_key, disposition, source, payload, received_at)
                SELECT e.attempt_id::bigint, e.call_id, e.status, to_timestamp(NULLIF(e.event_at, '')::float8), e.dedupe_key,
                       e.disposition, \(source), e.payload::jsonb, \(now)::timestamptz
                FROM unnest(\(column { String($0.attemptID) }), \(column(\.event.callID)), \(column(\.event.status)),
                            \(column { $0.event.occurredAt.map { String($0.timeIntervalSince1970) } }),
                            \(column(\.event.dedupeKey)), \(column(\.disposition.rawValue)), \(column(\.event.payload)))
                    AS e(attempt_id, call_id, status, event_at, dedupe_key, disposition, payload)
                ON CONFLICT (dedupe_key) DO NOTHING
                RETURNING dedupe_key
                """)
            return Set(try rows.map { try $0.decode("dedupe_key", as: String.self) })
        }

        /// Settles or retries the contact of every attempt that ended: reached contacts in one
        /// statement, the rest through `AttemptOutcomes.settleOrRetry` (retries load the campaign).
        func settle(_ db: Connection) throws -> [Int64: FollowUp] {
            var followUps: [Int64: FollowUp] = [:]
            let reached = ended.filter { $0.state == .completed && $0.attempt.kind == "campaign" && $0.attempt.contactStatus == "pending" }
            if !reached.isEmpty {
                let settled = try db.query("""
                    UPDATE contacts SET status = 'reached', status_reason = NULL, settled_at = \(now)::timestamptz,
                        updated_at = \(now)::timestamptz
                    WHERE id = ANY(\(reached.map { String($0.attempt.contactID) })::bigint[]) AND status = 'pending'
                    RETURNING id
                    """)
                let contacts = Set(try settled.map { try $0.decode("id", as: Int64.self) })
                for end in reached where contacts.contains(end.attempt.contactID) {
                    followUps[end.attempt.id] = .settled(.reached, reason: nil)
                }
            }
            for end in ended where end.state != .completed {
                followUps[end.attempt.id] = try AttemptOutcomes.settleOrRetry(end.attempt, endedIn: end.state, endedAt: end.at, now: now, db)
            }
            return followUps
        }
    }
}
