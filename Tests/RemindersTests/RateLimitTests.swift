import Foundation
import Testing
@testable import Reminders

@Suite("RateLimit (GCRA)")
struct RateLimitTests {
    private let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// Microseconds from `start`, exact: the limiter itself works in whole microseconds.
    private func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) - Int64((start.timeIntervalSince1970 * 1_000_000).rounded())
    }

    private func instant(_ micros: Int64) -> Date {
        start.addingTimeInterval(Double(micros) / 1_000_000)
    }

    /// Runs clients that ask at the given offsets (µs from `start`); returns admitted offsets.
    private func admitted(_ limit: RateLimit, asks: [Int64]) -> [Int64] {
        var tat: Date?
        var admitted: [Int64] = []
        for offset in asks.sorted() {
            if case .allowed(let newTAT) = limit.decide(tat: tat, now: instant(offset)) {
                tat = newTAT
                admitted.append(offset)
            }
        }
        return admitted
    }

    /// A client that always comes back exactly when told: the fastest legal stream (µs offsets).
    private func greedy(_ limit: RateLimit, forSeconds seconds: Int64) -> [Int64] {
        var tat: Date?
        var now: Int64 = 0
        var admitted: [Int64] = []
        while now < seconds * 1_000_000 {
            switch limit.decide(tat: tat, now: instant(now)) {
            case .allowed(let newTAT):
                tat = newTAT
                admitted.append(now)
            case .wait(let until):
                let next = micros(until)
                #expect(next > now)
                now = next
            }
        }
        return admitted
    }

    /// The most admissions in any half-open 60 s window (the worst window starts at an admission).
    private func busiestMinute(_ offsets: [Int64]) -> Int {
        offsets.indices.map { first in
            offsets[first...].prefix { $0 < offsets[first] + 60_000_000 }.count
        }.max() ?? 0
    }

    @Test func firstDialIsAllowedAndSchedulesTheNext() {
        let decision = RateLimit.default.decide(tat: nil, now: start)
        #expect(decision == .allowed(newTAT: start.addingTimeInterval(6)))
    }

    @Test func withoutBurstTheSecondDialWaitsOneInterval() {
        let tat = start.addingTimeInterval(6)
        #expect(RateLimit.default.decide(tat: tat, now: start.addingTimeInterval(1)) == .wait(until: tat))
        // One microsecond early is still too early.
        #expect(RateLimit.default.decide(tat: tat, now: instant(5_999_999)) == .wait(until: tat))
        #expect(RateLimit(perMinute: 10, burst: 2).decide(tat: start.addingTimeInterval(12), now: instant(5_999_999)) == .wait(until: tat))
        #expect(RateLimit.default.decide(tat: tat, now: tat) == .allowed(newTAT: start.addingTimeInterval(12)))
    }

    @Test func aStaleTATMeansAFullBucket() {
        let limit = RateLimit(perMinute: 10, burst: 3)
        #expect(admitted(limit, asks: [0, 0, 0, 0].map { $0 + 3_600_000_000 }).count == 3)
        let old = start.addingTimeInterval(-86_400)
        #expect(limit.decide(tat: old, now: start) == .allowed(newTAT: start.addingTimeInterval(6)))
    }

    @Test func burstAdmitsBackToBackThenPaces() {
        let limit = RateLimit(perMinute: 10, burst: 3)
        #expect(admitted(limit, asks: Array(repeating: 0, count: 10)) == [0, 0, 0])
        #expect(greedy(limit, forSeconds: 30) == [0, 0, 0, 6, 12, 18, 24].map { $0 * 1_000_000 })
    }

    /// A steady greedy stream gets exactly the rate: `perMinute` per minute after the burst.
    @Test(arguments: [(10, 1), (10, 5), (60, 1), (30, 10), (1, 1), (600, 20)])
    func aSteadyStreamAchievesExactlyTheRate(perMinute: Int, burst: Int) {
        let limit = RateLimit(perMinute: perMinute, burst: burst)
        let admitted = greedy(limit, forSeconds: 600)
        #expect(admitted.count == 10 * perMinute + burst - 1)
        #expect(admitted.prefix(burst).allSatisfy { $0 == 0 })
        let paced = admitted.dropFirst(burst - 1)
        for (earlier, later) in zip(paced, paced.dropFirst()) {
            #expect(later - earlier == 60_000_000 / Int64(perMinute))
        }
    }

    /// No half-open 60 s window ever admits more than `perMinute + burst − 1`, whatever the arrivals.
    @Test(arguments: [(10, 1), (10, 3), (7, 1), (7, 4), (13, 2), (1, 1), (120, 7)])
    func noMinuteEverAdmitsMoreThanRatePlusBurst(perMinute: Int, burst: Int) {
        let limit = RateLimit(perMinute: perMinute, burst: burst)
        var random = SeededGenerator(state: UInt64(perMinute * 1_000 + burst))
        for _ in 0..<20 {
            // Bursty arrivals: clusters of asks at millisecond resolution over an hour.
            var asks: [Int64] = []
            for _ in 0..<400 {
                let cluster = Int64(random.next() % 3_600_000) * 1_000
                let size = Int64(random.next() % 6) + 1
                asks += (0..<size).map { cluster + $0 * Int64(random.next() % 500) * 1_000 }
            }
            let admitted = admitted(limit, asks: asks)
            #expect(busiestMinute(admitted) <= perMinute + burst - 1)
        }
        // The greedy stream reaches the bound exactly.
        #expect(busiestMinute(greedy(limit, forSeconds: 600)) == perMinute + burst - 1)
    }

    @Test func emissionIntervalRoundsUpSoTheRateIsNeverExceeded() {
        #expect(RateLimit(perMinute: 7, burst: 1).emissionIntervalMicroseconds == 8_571_429)
        #expect(RateLimit(perMinute: 10, burst: 4).toleranceMicroseconds == 18_000_000)
    }

    @Test func retryAfterEmptiesTheBucket() {
        let limit = RateLimit(perMinute: 10, burst: 3)
        let tat = limit.tatAfterRateLimited(tat: nil, now: start, retryAfter: 30)
        #expect(limit.decide(tat: tat, now: start.addingTimeInterval(29.999)) == .wait(until: start.addingTimeInterval(30)))
        guard case .allowed(let next) = limit.decide(tat: tat, now: start.addingTimeInterval(30)) else {
            Issue.record("not allowed at Retry-After")
            return
        }
        // Emptied, not full: the second dial waits a whole interval.
        #expect(limit.decide(tat: next, now: start.addingTimeInterval(30)) == .wait(until: start.addingTimeInterval(36)))
    }

    @Test func retryAfterNeverShortensAWait() {
        let far = start.addingTimeInterval(600)
        #expect(RateLimit.default.tatAfterRateLimited(tat: far, now: start, retryAfter: 5) == far)
        #expect(RateLimit.default.tatAfterRateLimited(tat: start, now: start, retryAfter: 5) == start.addingTimeInterval(5))
    }
}
