import Foundation
import Testing
@testable import Reminders

/// The one rate arithmetic (`RateBucket`), checked without the latency margin where the exact
/// GCRA properties are the point, and with it where the production spacing is.
@Suite("RateBucket (GCRA reservations)")
struct RateBucketTests {
    private let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Microseconds from `start`, exact: the arithmetic works in whole microseconds.
    private func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) - Int64((start.timeIntervalSince1970 * 1_000_000).rounded())
    }

    private func instant(_ micros: Int64) -> Date {
        start.addingTimeInterval(Double(micros) / 1_000_000)
    }

    /// Clients asking at the given offsets (µs from `start`); the offsets their slots fall at.
    private func slots(_ limit: RateLimit, asks: [Int64], margin: Double = 0) -> [Int64] {
        var bucket = RateBucket()
        return asks.sorted().map { micros(bucket.reserve(limit, now: instant($0), margin: margin)) }
    }

    /// A client that always asks again at its last slot: the fastest legal stream (µs offsets).
    private func greedy(_ limit: RateLimit, forSeconds seconds: Int64, margin: Double = 0) -> [Int64] {
        var bucket = RateBucket()
        var now: Int64 = 0
        var sent: [Int64] = []
        while true {
            now = micros(bucket.reserve(limit, now: instant(now), margin: margin))
            guard now < seconds * 1_000_000 else { return sent }
            sent.append(now)
        }
    }

    /// The most slots in any half-open 60 s window (the worst window starts at a slot).
    private func busiestMinute(_ offsets: [Int64]) -> Int {
        offsets.indices.map { first in
            offsets[first...].prefix { $0 < offsets[first] + 60_000_000 }.count
        }.max() ?? 0
    }

    @Test func theFirstRequestGoesAtOnceAndTheNextOneIntervalLater() {
        var bucket = RateBucket()
        #expect(bucket.reserve(.default, now: start, margin: 0) == start)
        #expect(bucket.tat == start.addingTimeInterval(6))
        // Asked one second later, the second slot is still a whole interval after the first.
        #expect(bucket.reserve(.default, now: start.addingTimeInterval(1), margin: 0) == start.addingTimeInterval(6))
        #expect(bucket.reserve(.default, now: start.addingTimeInterval(1), margin: 0) == start.addingTimeInterval(12))
    }

    @Test func aStaleBucketIsFull() {
        var bucket = RateBucket(tat: start.addingTimeInterval(-86_400))
        let limit = RateLimit(perMinute: 10, burst: 3)
        #expect((0..<3).map { _ in bucket.reserve(limit, now: start, margin: 0) } == [start, start, start])
        #expect(bucket.reserve(limit, now: start, margin: 0) == start.addingTimeInterval(6))
    }

    @Test func burstGoesBackToBackThenPaces() {
        let limit = RateLimit(perMinute: 10, burst: 3)
        #expect(slots(limit, asks: Array(repeating: 0, count: 5)) == [0, 0, 0, 6, 12].map { $0 * 1_000_000 })
        #expect(greedy(limit, forSeconds: 30) == [0, 0, 0, 6, 12, 18, 24].map { $0 * 1_000_000 })
    }

    /// A steady greedy stream gets exactly the rate: `perMinute` per minute after the burst.
    @Test(arguments: [(10, 1), (10, 5), (60, 1), (30, 10), (1, 1), (600, 20)])
    func aSteadyStreamAchievesExactlyTheRate(perMinute: Int, burst: Int) {
        let limit = RateLimit(perMinute: perMinute, burst: burst)
        let sent = greedy(limit, forSeconds: 600)
        #expect(sent.count == 10 * perMinute + burst - 1)
        #expect(sent.prefix(burst).allSatisfy { $0 == 0 })
        let paced = sent.dropFirst(burst - 1)
        for (earlier, later) in zip(paced, paced.dropFirst()) {
            #expect(later - earlier == 60_000_000 / Int64(perMinute))
        }
    }

    /// No half-open 60 s window ever holds more than `perMinute + burst − 1` slots, whatever the asks.
    @Test(arguments: [(10, 1), (10, 3), (7, 1), (7, 4), (13, 2), (1, 1), (120, 7)])
    func noMinuteEverHoldsMoreThanRatePlusBurst(perMinute: Int, burst: Int) {
        let limit = RateLimit(perMinute: perMinute, burst: burst)
        var random = SeededGenerator(state: UInt64(perMinute * 1_000 + burst))
        for _ in 0..<20 {
            // Bursty asks: clusters at millisecond resolution over an hour.
            var asks: [Int64] = []
            for _ in 0..<400 {
                let cluster = Int64(random.next() % 3_600_000) * 1_000
                let size = Int64(random.next() % 6) + 1
                asks += (0..<size).map { cluster + $0 * Int64(random.next() % 500) * 1_000 }
            }
            let given = slots(limit, asks: asks)
            #expect(zip(asks.sorted(), given).allSatisfy { $0 <= $1 })
            #expect(busiestMinute(given) <= perMinute + burst - 1)
        }
        #expect(busiestMinute(greedy(limit, forSeconds: 600)) == perMinute + burst - 1)
    }

    /// With the latency margin, paced slots are a little more than one emission interval apart,
    /// and the rate stays above 99 % of the limit.
    @Test(arguments: [(10, 1), (600, 1), (60, 5)])
    func theMarginKeepsTheRateJustUnderTheLimit(perMinute: Int, burst: Int) {
        let limit = RateLimit(perMinute: perMinute, burst: burst)
        let sent = greedy(limit, forSeconds: 600, margin: RateBucket.latencyMargin)
        let paced = sent.dropFirst(burst - 1)
        #expect(zip(paced, paced.dropFirst()).allSatisfy { $1 - $0 > limit.emissionIntervalMicroseconds })
        #expect(Double(sent.count) > 0.99 * Double(10 * perMinute))
    }

    @Test func intervalsRoundUpSoTheRateIsNeverExceeded() {
        #expect(RateLimit(perMinute: 7, burst: 1).emissionIntervalMicroseconds == 8_571_429)
        #expect(RateBucket.intervalMicroseconds(RateLimit(perMinute: 600, burst: 1)) == 100_500)
        #expect(RateBucket.intervalMicroseconds(RateLimit(perMinute: 10, burst: 1)) == 6_030_000)
        #expect(RateBucket.toleranceMicroseconds(RateLimit(perMinute: 10, burst: 4), margin: 0) == 18_000_000)
    }

    @Test func aRetryAfterEmptiesTheBucket() {
        let limit = RateLimit(perMinute: 10, burst: 3)
        var bucket = RateBucket()
        bucket.block(limit, now: start, retryAfter: .seconds(30), margin: 0)
        // Nothing before the reopening; then emptied, not full: the second waits a whole interval.
        #expect(bucket.reserve(limit, now: start.addingTimeInterval(1), margin: 0) == start.addingTimeInterval(30))
        #expect(bucket.reserve(limit, now: start.addingTimeInterval(1), margin: 0) == start.addingTimeInterval(36))
    }

    @Test func aRetryAfterNeverShortensAWait() {
        var bucket = RateBucket(tat: start.addingTimeInterval(600))
        bucket.block(.default, now: start, retryAfter: .seconds(5), margin: 0)
        #expect(bucket.tat == start.addingTimeInterval(600))
        #expect(bucket.blockedUntil == start.addingTimeInterval(5))
        bucket.block(.default, now: start, retryAfter: .seconds(1), margin: 0)
        #expect(bucket.blockedUntil == start.addingTimeInterval(5))
    }

    @Test func withoutRetryAfterTheBlockIsOneIntervalAtMostAMinute() {
        var slow = RateBucket()
        slow.block(RateLimit(perMinute: 1, burst: 1), now: start, retryAfter: nil, margin: 0)
        #expect(slow.blockedUntil.map(micros) == 60_000_000)
        var fast = RateBucket()
        fast.block(RateLimit(perMinute: 600, burst: 1), now: start, retryAfter: nil, margin: 0)
        #expect(fast.blockedUntil.map(micros) == 100_000)
    }
}
