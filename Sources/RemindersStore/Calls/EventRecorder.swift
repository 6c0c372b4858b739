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
        /// The attempt takes no more webhooks: it ended over `lateWebhookWindow` ago, or it has
        /// `maxWebhooksPerAttempt` events already. Nothing was stored.
        case closed(attemptID: Int64)
        /// A delivery with this delivery id was recorded before: nothing was done again.
        case repeatedDelivery
    }

    /// How long after its call ended an attempt still takes webhooks: the provider's retries
    /// (10 s, 60 s, 300 s) and a receiver outage of some minutes fit well inside an hour.
    public static let lateWebhookWindow: TimeInterval = 3_600
    /// Most webhook events stored for one attempt. A call has about five status changes; with
    /// duplicates and retries a real one stays far below this, a replaying client does not.
    public static let maxWebhooksPerAttempt = 64
    /// How long a delivery id is remembered: beyond the signature's freshness window a repeat
    /// is refused anyway, so the table stays small.
    public static let deliveryMemory: TimeInterval = 3_600

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

    /// One event, the token of the webhook URL it came to, and its delivery id when the delivery
    /// was signed (an unsigned one could name another's id and have it ignored).
    public struct Item: Sendable {
        public var token: String
        public var event: ProviderEvent
        public var deliveryID: String?
        public init(token: String, event: ProviderEvent, deliveryID: String? = nil) {
            self.token = token
            self.event = event
            self.deliveryID = deliveryID
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
        let repeated = try Deliveries.repeated(items, in: try deliveriesQuery(items, now: now).map { try db.query($0) })
        var batch = Batch(locked: locked, source: source, now: now)
        let planned = try batch.plan(items, repeated: repeated, pollDelay: pollDelays(db))
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
            let deliveries = deliveriesQuery(items, now: now)
            let opened = try db.pipeline(begin + [LockedAttempt.lockQuery(tokens: tokens)] + (deliveries.map { [$0] } ?? []))
            var batch = Batch(locked: try LockedAttempt.locked(opened[begin.count]), source: source, now: now)
            let repeated = try Deliveries.repeated(items, in: deliveries == nil ? nil : opened[begin.count + 1])
            let planned = try batch.plan(items, repeated: repeated, pollDelay: pollDelays(db))
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

    /// Campaigns' `statusPollDelay`, each read once per batch when first asked for.
    static func pollDelays(_ db: Connection) -> (Int64) throws -> TimeInterval {
        var delays: [Int64: TimeInterval] = [:]
        return { campaignID in
            if let delay = delays[campaignID] { return delay }
            let delay = try AttemptOutcomes.pollDelay(campaignID: campaignID, db)
            delays[campaignID] = delay
            return delay
        }
    }

    /// The statement remembering the batch's delivery ids, or `nil` when none has one.
    static func deliveriesQuery(_ items: [Item], now: Date) -> Query? {
        let ids = items.compactMap(\.deliveryID)
        return ids.isEmpty ? nil : Deliveries.remember(ids, now: now)
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
