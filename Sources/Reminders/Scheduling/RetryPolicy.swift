public import Foundation

/// Whether and when a contact gets another attempt after one ends.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts allowed, the first included.
    public let maxAttempts: Int
    /// Minimum wait between the end of one attempt and the start of the next.
    public let delay: CampaignDuration
    /// Outcomes that earn another attempt; `completed` never does.
    public let retryOn: Set<AttemptOutcome>

    /// The policy used when a campaign does not say: 3 attempts, 2 hours apart, on no answer or busy.
    public static let `default` = RetryPolicy(
        maxAttempts: 3, delay: CampaignDuration(seconds: 7_200), retryOn: [.noAnswer, .busy])

    /// Creates a policy; `completed` is dropped from `retryOn` because a reached contact is settled.
    public init(maxAttempts: Int, delay: CampaignDuration, retryOn: Set<AttemptOutcome>) {
        self.maxAttempts = maxAttempts
        self.delay = delay
        self.retryOn = retryOn.subtracting([.completed])
    }

    /// What follows an attempt that ended with `outcome`.
    ///
    /// - Parameters:
    ///   - attempt: the number of the attempt that just ended, starting at 1.
    ///   - endedAt: when it ended; the next attempt waits `delay` from here.
    ///   - now: the current instant; a retry is never scheduled in the past.
    public func decide(
        after outcome: AttemptOutcome,
        attempt: Int,
        endedAt: Date,
        appointment: Date,
        callingHours: CallingHours,
        timeZone: TimeZone,
        now: Date
    ) -> RetryDecision {
        if outcome == .completed { return .settle(.reached) }
        guard retryOn.contains(outcome) else { return .settle(.notReached(.outcomeNotRetried(outcome))) }
        guard attempt < maxAttempts else { return .settle(.notReached(.attemptsExhausted(last: outcome))) }
        let earliest = max(now, Self.latestEnd(stamped: endedAt, heardAt: now).addingTimeInterval(delay.timeInterval))
        guard let opening = callingHours.nextOpening(atOrAfter: earliest, timeZone: timeZone),
            opening <= DueTime.latestStart(before: appointment)
        else { return .settle(.notReached(.noWindowBeforeAppointment(last: outcome))) }
        return .retry(at: opening)
    }
}

extension RetryPolicy {
    /// The latest instant a call stamped `stamped` can have ended, so that a retry never goes out
    /// before its full delay: a stamp to the whole second (as providers send) may be up to a
    /// second before the real end, and the call ended before we heard of it (`heardAt`).
    static func latestEnd(stamped: Date, heardAt: Date) -> Date {
        let seconds = stamped.timeIntervalSince1970
        guard seconds.rounded(.down) == seconds else { return stamped }
        return max(stamped, min(heardAt, stamped.addingTimeInterval(1)))
    }
}

/// The retry policy's answer after an attempt ends.
public enum RetryDecision: Sendable, Equatable {
    /// Schedule the next attempt at this instant.
    case retry(at: Date)
    /// Make no further attempt; the contact is settled this way.
    case settle(ContactOutcome)
}
