import Foundation
import Postgres
import Reminders
import Synchronization
import RemindersStore
import Testing
import TestSupport

@Suite struct RateLimiterTests {
    /// 600/min: one slot every 100 ms (100.5 ms with the latency margin).
    let limit = RateLimit(perMinute: 600, burst: 1)
    var interval: Double { Double(RateBucket.intervalMicroseconds(limit)) / 1e6 }

    @Test func enforcedIntervalAddsTheLatencyMarginAndNeverShortensTheEmissionInterval() {
        #expect(RateBucket.intervalMicroseconds(RateLimit(perMinute: 600, burst: 1)) == 100_500)
        #expect(RateBucket.intervalMicroseconds(RateLimit(perMinute: 10, burst: 1)) == 6_030_000)
        #expect(RateBucket.intervalMicroseconds(RateLimit(perMinute: 7, burst: 1)) >= RateLimit(perMinute: 7, burst: 1).emissionIntervalMicroseconds)
    }

    /// The SQL runs `RateBucket`'s arithmetic: on the same bucket and the same instant (passed to
    /// the statement instead of the database clock) it gives the same wait and the same new
    /// state, for reservations and 429 blocks, fresh and used buckets, bursts and blocks.
    @Test(arguments: [(10, 1), (600, 1), (60, 4), (7, 3)])
    func theStatementsRunTheBucketsArithmetic(perMinute: Int, burst: Int) throws {
        let limit = RateLimit(perMinute: perMinute, burst: burst)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        func at(_ micros: Int64) -> Date { start.addingTimeInterval(Double(micros) / 1_000_000) }
        try TestDatabase.withMigrated { db, _ in
            let limiter = RateLimiter(account: "model")
            var model = RateBucket()
            var now: Int64 = 0
            var random = ModelRandom(seed: UInt64(perMinute * 100 + burst))
            for step in 0..<60 {
                now += Int64(random.next(3_000_001))
                if step % 9 == 4 {
                    let retryAfter: Duration? = step % 2 == 0 ? .milliseconds(Int64(random.next(20_001))) : nil
                    try limiter.rateLimited(.dial, limit: limit, retryAfter: retryAfter, at: at(now), db)
                    model.block(limit, now: at(now), retryAfter: retryAfter)
                } else {
                    let wait = try limiter.reserve(.dial, limit: limit, at: at(now), db)
                    let slot = model.reserve(limit, now: at(now))
                    let expected = RateLimiterTests.micros(slot) - RateLimiterTests.micros(at(now))
                    #expect(abs(wait / .microseconds(1) - Double(expected)) < 1.5, "step \(step)")
                }
                let row = try db.query("""
                    SELECT CASE WHEN tat = '-infinity' THEN NULL ELSE tat END AS tat,
                           CASE WHEN blocked_until = '-infinity' THEN NULL ELSE blocked_until END AS blocked
                      FROM rate_buckets WHERE account = 'model' AND endpoint = 'dial'
                    """)[0]
                let stored = RateBucket(tat: try row.decode("tat"), blockedUntil: try row.decode("blocked"))
                #expect(stored.tat.map(RateLimiterTests.micros) == model.tat.map(RateLimiterTests.micros), "step \(step)")
                #expect(stored.blockedUntil.map(RateLimiterTests.micros) == model.blockedUntil.map(RateLimiterTests.micros), "step \(step)")
            }
        }
    }

    static func micros(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }

    @Test func backToBackReservationsAreSpacedOneIntervalApart() throws {
        try TestDatabase.withMigrated { db, _ in
            let limiter = RateLimiter(account: "acct")
            let waits = try (0..<5).map { _ in try limiter.reserve(.dial, limit: limit, db) / .seconds(1) }
            #expect(waits[0] < 0.01)
            for (index, wait) in waits.enumerated().dropFirst() {
                // Each reservation is one interval after the previous, minus the few ms the statements took.
                #expect(abs(wait - Double(index) * interval) < 0.05, "slot \(index) waits \(wait)")
            }
            #expect(try limiter.counters(.dial, db).granted == 5)
        }
    }

    @Test func burstAllowsThatManyAtOnceThenTheRate() throws {
        try TestDatabase.withMigrated { db, _ in
            let limiter = RateLimiter(account: "acct")
            let burst = RateLimit(perMinute: 600, burst: 3)
            let waits = try (0..<4).map { _ in try limiter.reserve(.dial, limit: burst, db) / .seconds(1) }
            #expect(waits[0...2].allSatisfy { $0 < 0.01 })
            #expect(abs(waits[3] - interval) < 0.05)
        }
    }

    @Test func bucketsAreSeparatePerAccountAndEndpoint() throws {
        try TestDatabase.withMigrated { db, _ in
            _ = try RateLimiter(account: "a").reserve(.dial, limit: limit, db)
            #expect(try RateLimiter(account: "b").reserve(.dial, limit: limit, db) < .milliseconds(10))
            #expect(try RateLimiter(account: "a").reserve(.status, limit: limit, db) < .milliseconds(10))
            #expect(try RateLimiter(account: "a").reserve(.dial, limit: limit, db) > .milliseconds(50))
        }
    }

    @Test func concurrentWorkersGetDistinctSlotsAtLeastOneIntervalApart() throws {
        try TestDatabase.withMigrated { _, url in
            let workers = 4
            let perWorker = 10
            let slots = Mutex<[Double]>([])
            let failures = Mutex<[String]>([])
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                do {
                    let db = try Connection(url: url)
                    let limiter = RateLimiter(account: "shared")
                    for _ in 0..<perWorker {
                        // The slot as an absolute instant on this machine's clock (one machine: no skew).
                        let wait = try limiter.reserve(.dial, limit: limit, db)
                        let slot = Date().timeIntervalSince1970 + wait / .seconds(1)
                        slots.withLock { $0.append(slot) }
                    }
                } catch {
                    failures.withLock { $0.append(String(describing: error)) }
                }
            }
            #expect(failures.withLock { $0.isEmpty })
            let sorted = slots.withLock { $0.sorted() }
            #expect(sorted.count == workers * perWorker)
            let gaps = zip(sorted.dropFirst(), sorted).map { $0 - $1 }
            // A few ms of measurement noise between reading the wait and the clock.
            #expect(gaps.allSatisfy { $0 > interval - 0.01 }, "smallest gap \(gaps.min() ?? 0)")
        }
    }

    @Test func aRateLimitedAnswerBlocksTheBucketUntilRetryAfterAndIsCounted() throws {
        try TestDatabase.withMigrated { db, _ in
            let limiter = RateLimiter(account: "acct")
            _ = try limiter.reserve(.dial, limit: limit, db)
            try limiter.rateLimited(.dial, limit: limit, retryAfter: .seconds(2), db)
            let blocked = try limiter.remainingBlock(.dial, db) / .seconds(1)
            #expect(blocked > 1.9 && blocked <= 2.0)
            let wait = try limiter.reserve(.dial, limit: limit, db) / .seconds(1)
            #expect(wait > 1.9 && wait < 2.1)
            let counters = try limiter.counters(.dial, db)
            #expect(counters.granted == 2)
            #expect(counters.rateLimited == 1)
        }
    }

    @Test func aRateLimitedAnswerWithoutRetryAfterBlocksForOneInterval() throws {
        try TestDatabase.withMigrated { db, _ in
            let limiter = RateLimiter(account: "acct")
            try limiter.rateLimited(.status, limit: limit, retryAfter: nil, db)
            let blocked = try limiter.remainingBlock(.status, db) / .seconds(1)
            #expect(blocked > interval - 0.02 && blocked <= interval)
        }
    }
}
