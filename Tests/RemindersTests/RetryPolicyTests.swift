import Foundation
import Testing
@testable import Reminders

@Suite("RetryPolicy")
struct RetryPolicyTests {
    private func at(_ text: String) throws -> Date {
        try #require(ISO8601DateFormatter().date(from: text), "bad fixture \(text)")
    }

    private func decide(
        _ outcome: AttemptOutcome,
        policy: RetryPolicy = .default,
        attempt: Int = 1,
        endedAt: String = "2026-11-25T10:00:00-08:00",
        appointment: String = "2026-11-27T10:00:00-08:00",
        now: String? = nil
    ) throws -> RetryDecision {
        policy.decide(
            after: outcome,
            attempt: attempt,
            endedAt: try at(endedAt),
            appointment: try at(appointment),
            callingHours: .default,
            timeZone: try #require(TimeZone(identifier: "America/Los_Angeles")),
            now: try at(now ?? endedAt)
        )
    }

    @Test func completedSettlesAsReached() throws {
        #expect(try decide(.completed) == .settle(.reached))
        #expect(try decide(.completed, attempt: 3) == .settle(.reached))
    }

    @Test func outcomesNotListedAreNotRetried() throws {
        #expect(try decide(.failed) == .settle(.notReached(.outcomeNotRetried(.failed))))
        let withFailed = RetryPolicy(maxAttempts: 3, delay: CampaignDuration(seconds: 3_600), retryOn: [.failed])
        #expect(try decide(.busy, policy: withFailed) == .settle(.notReached(.outcomeNotRetried(.busy))))
        #expect(try decide(.failed, policy: withFailed) == .retry(at: try at("2026-11-25T11:00:00-08:00")))
    }

    @Test func retriesAfterTheDelayInsideTheWindow() throws {
        #expect(try decide(.noAnswer) == .retry(at: try at("2026-11-25T12:00:00-08:00")))
        #expect(try decide(.busy, attempt: 2) == .retry(at: try at("2026-11-25T12:00:00-08:00")))
    }

    @Test func aDelayEndingAfterHoursMovesToTheNextMorning() throws {
        #expect(try decide(.noAnswer, endedAt: "2026-11-25T19:00:00-08:00") == .retry(at: try at("2026-11-26T09:00:00-08:00")))
    }

    @Test func neverRetriesInThePast() throws {
        let decision = try decide(.noAnswer, endedAt: "2026-11-25T10:00:00-08:00", now: "2026-11-25T15:30:00-08:00")
        #expect(decision == .retry(at: try at("2026-11-25T15:30:00-08:00")))
    }

    @Test func settlesWhenNoWindowRemainsBeforeTheAppointment() throws {
        let decision = try decide(.noAnswer, endedAt: "2026-11-25T19:00:00-08:00", appointment: "2026-11-26T09:10:00-08:00")
        #expect(decision == .settle(.notReached(.noWindowBeforeAppointment(last: .noAnswer))))
    }

    /// A contact that never answers gets exactly `maxAttempts` attempts in all.
    @Test(arguments: 1...10)
    func makesExactlyMaxAttempts(maxAttempts: Int) throws {
        let policy = RetryPolicy(maxAttempts: maxAttempts, delay: CampaignDuration(seconds: 3_600), retryOn: [.noAnswer])
        var attempt = 1
        var endedAt = "2026-11-25T09:00:00-08:00"
        let formatter = ISO8601DateFormatter()
        while case .retry(let next) = try decide(.noAnswer, policy: policy, attempt: attempt, endedAt: endedAt, appointment: "2026-12-20T10:00:00-08:00") {
            attempt += 1
            endedAt = formatter.string(from: next.addingTimeInterval(60))
            try #require(attempt <= 10)
        }
        #expect(attempt == maxAttempts)
        let last = try decide(.noAnswer, policy: policy, attempt: attempt, endedAt: endedAt, appointment: "2026-12-20T10:00:00-08:00")
        #expect(last == .settle(.notReached(.attemptsExhausted(last: .noAnswer))))
    }

    @Test func completedIsNeverARetryOutcome() {
        let policy = RetryPolicy(maxAttempts: 3, delay: CampaignDuration(seconds: 60), retryOn: [.completed, .busy])
        #expect(policy.retryOn == [.busy])
    }

    @Test func reasonsReadForReports() {
        #expect(NotReachedReason.attemptsExhausted(last: .noAnswer).description == "attempts_exhausted:no_answer")
        #expect(ContactOutcome.notReached(.outcomeNotRetried(.failed)).status == "not_reached")
        #expect(ContactOutcome.reached.status == "reached")
    }
}

@Suite("Backoff")
struct BackoffTests {
    @Test(arguments: [(1, 1.0), (2, 2.0), (3, 4.0), (9, 256.0), (10, 300.0), (1_000, 300.0), (0, 1.0), (-3, 1.0)])
    func ceilingDoublesUpToTheCap(failures: Int, ceiling: Double) {
        #expect(Backoff.transient.ceiling(afterFailures: failures) == ceiling)
    }

    @Test func jitterStaysInTheUpperHalfAndVaries() {
        var random = SeededGenerator(state: 42)
        for failures in 1...20 {
            let ceiling = Backoff.transient.ceiling(afterFailures: failures)
            var draws: Set<Double> = []
            for _ in 0..<50 {
                let delay = Backoff.transient.delay(afterFailures: failures, using: &random)
                #expect(delay >= ceiling / 2 && delay <= ceiling)
                draws.insert(delay)
            }
            #expect(draws.count > 40)
        }
    }

    @Test func sameSeedSameDelays() {
        var first = SeededGenerator(state: 7)
        var second = SeededGenerator(state: 7)
        let a = (1...8).map { Backoff.transient.delay(afterFailures: $0, using: &first) }
        let b = (1...8).map { Backoff.transient.delay(afterFailures: $0, using: &second) }
        #expect(a == b)
    }

    @Test func zeroBaseNeverWaits() {
        var random = SeededGenerator(state: 1)
        #expect(Backoff(base: 0, cap: 0).delay(afterFailures: 5, using: &random) == 0)
    }

    /// A provider stamps the end to the whole second, so the call may have ended up to a second
    /// later: the retry's delay counts from the latest possible end, never from before it (issue
    /// 15: a retry went out up to a second early). Heard of at once, the receipt bounds it.
    @Test func theDelayCountsFromTheLatestPossibleEnd() {
        let stamp = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(RetryPolicy.latestEnd(stamped: stamp, heardAt: stamp.addingTimeInterval(0.3)) == stamp.addingTimeInterval(0.3))
        #expect(RetryPolicy.latestEnd(stamped: stamp, heardAt: stamp.addingTimeInterval(90)) == stamp.addingTimeInterval(1))
        #expect(RetryPolicy.latestEnd(stamped: stamp, heardAt: stamp) == stamp)
        let precise = stamp.addingTimeInterval(0.25)
        #expect(RetryPolicy.latestEnd(stamped: precise, heardAt: stamp.addingTimeInterval(90)) == precise)
        // A receiver clock behind the provider's never moves the end before its stamp.
        #expect(RetryPolicy.latestEnd(stamped: stamp, heardAt: stamp.addingTimeInterval(-5)) == stamp)
    }
}

