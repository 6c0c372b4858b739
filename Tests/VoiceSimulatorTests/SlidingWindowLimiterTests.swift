import Testing
import VoiceSimulator

@Suite struct SlidingWindowLimiterTests {
    /// Random arrivals over many windows: no window of length `window` ever holds more than `limit` admissions.
    @Test(arguments: [(10, 60), (1, 5), (3, 1), (50, 60)])
    func neverMoreThanLimitInAnyWindow(limit: Int, windowSeconds: Int64) {
        let window = Duration.seconds(windowSeconds)
        var limiter = SlidingWindowLimiter(limit: limit, window: window)
        var random = SeededRandom(seed: UInt64(limit) * 7919)
        var now = Duration.zero
        var admitted: [Duration] = []
        for _ in 0..<5000 {
            now += .milliseconds(Int64.random(in: 0...(windowSeconds * 1000 / Int64(limit)), using: &random))
            if limiter.admit(at: now) == .allowed { admitted.append(now) }
        }
        #expect(admitted.count > limit, "the limiter must let traffic through")
        for (index, start) in admitted.enumerated() {
            let inWindow = admitted[index...].prefix { $0 < start + window }.count
            #expect(inWindow <= limit)
        }
    }

    @Test func burstUsesTheWholeQuotaThenWaitsForTheOldest() {
        var limiter = SlidingWindowLimiter(limit: 3, window: .seconds(10))
        #expect(limiter.admit(at: .seconds(0)) == .allowed)
        #expect(limiter.admit(at: .seconds(1)) == .allowed)
        #expect(limiter.admit(at: .seconds(2)) == .allowed)
        #expect(limiter.admit(at: .seconds(5)) == .limited(retryAfter: .seconds(5)))
        #expect(limiter.admit(at: .milliseconds(9999)) == .limited(retryAfter: .milliseconds(1)))
        #expect(limiter.admit(at: .seconds(10)) == .allowed)
        #expect(limiter.admit(at: .seconds(10)) == .limited(retryAfter: .seconds(1)))
    }

    @Test func refusedRequestsDoNotCount() {
        var limiter = SlidingWindowLimiter(limit: 1, window: .seconds(10))
        #expect(limiter.admit(at: .zero) == .allowed)
        for second in 1..<10 { #expect(limiter.admit(at: .seconds(second)) != .allowed) }
        #expect(limiter.admit(at: .seconds(10)) == .allowed)
    }

    @Test func zeroLimitRefusesEverything() {
        var limiter = SlidingWindowLimiter(limit: 0, window: .seconds(1))
        #expect(limiter.admit(at: .zero) != .allowed)
    }
}
