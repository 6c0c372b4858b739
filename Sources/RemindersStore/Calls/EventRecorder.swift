public import Foundation
public import Postgres
import Reminders

/// Records providers' events against the attempts their webhook tokens name, and applies them.
///
/// `record` and `recordBatch` are steps of the caller's transaction: the events are stored
/// (deduplicated on call id + status + timestamp), attempts move forward only, and contacts are
/// settled or their next attempts scheduled (the rules of `AttemptOutcomes`). Dispatchers are
/// woken with a NOTIFY on `WakeChannel.name` when an attempt ends; it is delivered at commit.
///
/// A batch costs a handful of statements whatever its size (set-based writes), which is what
/// lets one receiver keep up with a provider's bursts.
public enum EventRecorder {
    /// What happened to one event.
    public enum Result: Sendable, Equatable {
        /// No attempt has this token: nothing was stored.
        case unknownToken
        /// The event names a call other than the attempt's: nothing was stored or applied.
        case callIDMismatch(attemptID: Int64)
        /// The event was stored with this disposition (or was a duplicate of a stored one).
        case recorded(attemptID: Int64, disposition: Disposition, duplicate: Bool, update: AttemptUpdate?)
    }

    /// How a stored event was used (`call_events.disposition`).
    public enum Disposition: String, Sendable, Equatable {
        /// It moved the attempt forward.
        case applied
        /// It was a duplicate, late or out of order: kept, not applied.
        case late
        /// Its status is one we do not know: kept, never applied.
        case unrecognized
        /// It gave an attempt in `dialing` or `unknown` its call.
        case adopted
    }

    /// One event and the token of the webhook URL it came to.
    public struct Item: Sendable {
        public var token: String
        public var event: ProviderEvent
        public init(token: String, event: ProviderEvent) {
            self.token = token
            self.event = event
        }
    }

    /// Stores and applies `event` for the attempt with webhook token `token`; call inside a transaction.
    public static func record(
        _ event: ProviderEvent, token: String, source: String = "webhook", now: Date, _ db: Connection
    ) throws -> Result {
        try recordBatch([Item(token: token, event: event)], source: source, now: now, db)[0]
    }

    /// Stores and applies `items` in order (several events for one attempt apply one after
    /// another); returns one result per item. Call inside a transaction.
    public static func recordBatch(
        _ items: [Item], source: String = "webhook", now: Date, _ db: Connection
    ) throws -> [Result] {
        let locked = try LockedAttempt.lock(tokens: Array(Set(items.map(\.token))), db)
        var batch = Batch(locked: locked, source: source, now: now)
        let planned = try items.map { try batch.plan($0) }
        try batch.schedulePolls(db)
        let (inserted, reached) = try batch.write(db)
        let followUps = try batch.settle(reached: reached, db)
        return results(planned, inserted: inserted, followUps: followUps)
    }

    /// `recordBatch` in a transaction of its own, committed before it returns, in two round trips
    /// where it can (libpq pipeline mode): the BEGIN with the lock, then the write with the COMMIT.
    /// Events that end calls other than completed need statements between the two (a retry to
    /// schedule), and then the COMMIT goes after them. On any error the transaction is rolled back.
    public static func recordBatchCommitting(
        _ items: [Item], settings: KeyValuePairs<String, String> = [:], source: String = "webhook", now: Date,
        _ db: Connection
    ) throws -> [Result] {
        guard !db.inTransaction else {
            throw PostgresError(kind: .misuse, summary: "recordBatchCommitting called inside a transaction")
        }
        do {
            let begin = try Connection.beginStatements(settings: settings)
            let tokens = Array(Set(items.map(\.token)))
            let opened = try db.pipeline(begin + [LockedAttempt.lockQuery(tokens: tokens)])
            var batch = Batch(locked: try LockedAttempt.locked(opened[begin.count]), source: source, now: now)
            let planned = try items.map { try batch.plan($0) }
            try batch.schedulePolls(db)
            let inserted: Set<String>
            let followUps: [Int64: FollowUp]
            if batch.settlesWithStatements {
                let written = try Batch.written(try db.query(batch.writeQuery()))
                inserted = written.inserted
                followUps = try batch.settle(reached: written.reached, db)
                try db.executeScript(unsafeSQL: "COMMIT")
            } else {
                let written = try Batch.written(try db.pipeline([batch.writeQuery(), "COMMIT"])[0])
                inserted = written.inserted
                followUps = try batch.settle(reached: written.reached, db)  // reads `reached` only
            }
            return results(planned, inserted: inserted, followUps: followUps)
        } catch {
            db.rollBackAfterFailure()
            throw error
        }
    }

    /// Each item's result once the batch is written: duplicates marked, follow-ups attached.
    private static func results(_ planned: [Plan], inserted: Set<String>, followUps: [Int64: FollowUp]) -> [Result] {
        var seenKeys: Set<String> = []
        return planned.map { plan in
            guard case .recorded(let attemptID, let disposition, _, let update) = plan.result else { return plan.result }
            let key = plan.dedupeKey ?? ""
            let duplicate = !inserted.contains(key) || !seenKeys.insert(key).inserted
            let followUp = plan.endedAttempt.flatMap { followUps[$0] } ?? .none
            let finalUpdate = update.map {
                AttemptUpdate(attemptID: $0.attemptID, previous: $0.previous, transition: $0.transition, adopted: $0.adopted, followUp: followUp)
            }
            return .recorded(attemptID: attemptID, disposition: disposition, duplicate: duplicate, update: finalUpdate)
        }
    }
}
