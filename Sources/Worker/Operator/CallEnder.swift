import Foundation
import JSON
public import Logging
public import Postgres
public import Reminders
public import RemindersStore
public import VoiceAPI

/// `reminders cancel NAME --end-calls`: hangs up a campaign's live calls with `POST /voice/end/{id}`,
/// paced by the account's shared `end` bucket, each ended call recorded as `cancelled`.
public struct CallEnder {
    let db: Connection
    let client: VoiceClient
    let clock: DispatchClock
    let logger: Logger
    let limit: RateLimit

    /// Why an ended attempt ended, kept as its `end_reason`.
    public static let endReason = "ended_by_operator"

    /// Creates an ender; `limit` is the `end` bucket's rate.
    public init(db: Connection, client: VoiceClient, clock: DispatchClock = .system, logger: Logger, limit: RateLimit = RateLimiter.endLimit) {
        self.db = db
        self.client = client
        self.clock = clock
        self.logger = logger
        self.limit = limit
    }

    /// What `endLiveCalls` did.
    public struct Summary: Sendable, Equatable {
        /// Calls recorded as cancelled and hung up.
        public var ended = 0
        /// Calls whose final webhook came first: left as they ended.
        public var alreadyEnded = 0
        /// Calls recorded cancelled whose end the provider did not confirm (they may run to their end).
        public var failed = 0
        /// Dials still waiting for the provider's answer: no call id to end yet.
        public var unanswered = 0
    }

    /// Ends every live call of campaign `campaignID` that has a call id.
    ///
    /// Each attempt is recorded `cancelled` before its end request is sent: ending a call makes the
    /// provider post its own final webhook at once, and that webhook must find the attempt already
    /// terminal (stored as late) rather than race the recording of the end.
    public func endLiveCalls(campaignID: Int64) throws -> Summary {
        let slots = OperatorSlots(limiter: RateLimiter(account: client.accountID), db: db, clock: clock)
        let (calls, unanswered) = try AttemptOutcomes.endableCalls(campaignID: campaignID, db)
        var summary = Summary(unanswered: unanswered)
        for call in calls {
            let payload = "{\"call_id\":\(JSONString.quoted(call.callID)),\"request\":\"POST /voice/end\"}"
            let update = try db.transaction { tx in
                try AttemptOutcomes.endedByOperator(
                    attemptID: call.attemptID, reason: Self.endReason, providerPayload: payload, now: clock.now(), tx)
            }
            guard case .advance = update.transition else {
                summary.alreadyEnded += 1
                continue
            }
            if try end(call, slots) {
                summary.ended += 1
                logger.info("call ended by the operator", ["attempt": .int(Int(call.attemptID))])
            } else {
                summary.failed += 1
            }
        }
        return summary
    }

    /// Ends the calls queued ahead (`submit_ahead`) that an opt-out or a cancellation made
    /// unwanted after they were submitted; returns how many were ended. The dispatcher runs this
    /// with its upkeep, for its campaigns (empty: all).
    ///
    /// Unlike a live call's end, the attempt is recorded `cancelled` only once the provider
    /// confirmed the end, so a failed end is tried again at the next upkeep. The reason is
    /// recorded first (`endRequested`): the final webhook the end makes the provider send, if
    /// it comes before that record, ends the attempt `cancelled` for the same reason.
    public func endUnwantedQueuedCalls(campaigns: [String], limit: Int) throws -> Int {
        let unwanted = try AttemptOutcomes.unwantedQueuedCalls(campaigns: campaigns, now: clock.now(), limit: limit, db)
        guard !unwanted.isEmpty else { return 0 }
        let slots = OperatorSlots(limiter: RateLimiter(account: client.accountID), db: db, clock: clock)
        var ended = 0
        for item in unwanted {
            try db.transaction { tx in
                try AttemptOutcomes.endRequested(attemptID: item.call.attemptID, reason: item.reason, now: clock.now(), tx)
            }
            guard try end(item.call, slots) else { continue }
            let payload = "{\"call_id\":\(JSONString.quoted(item.call.callID)),\"request\":\"POST /voice/end\"}"
            try db.transaction { tx in
                _ = try AttemptOutcomes.endedByOperator(
                    attemptID: item.call.attemptID, reason: item.reason, providerPayload: payload, now: clock.now(), tx)
            }
            ended += 1
            logger.info("queued call ended before its time", ["attempt": .int(Int(item.call.attemptID)), "reason": .text(item.reason)])
        }
        return ended
    }

    /// Sends the end request; false when the provider would not confirm it.
    private func end(_ call: AttemptOutcomes.EndableCall, _ slots: OperatorSlots) throws -> Bool {
        do {
            _ = try slots.paced("POST /voice/end/{id}", .end, limit: limit) { () throws(VoiceAPIError) in
                try client.end(sessionID: call.callID)
            }
            return true
        } catch let error as OperatorError {
            logger.warning("the provider did not confirm the end of a call", [
                "attempt": .int(Int(call.attemptID)), "error": .error(error),
            ])
            return false
        }
    }
}
