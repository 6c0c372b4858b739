import Foundation
import Reminders
import Testing

@Suite struct RequestPacerTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func requestsAtOnceAreSpacedAtTheRate() {
        var pacer = RequestPacer(limit: RateLimit(perMinute: 30, burst: 1))
        let slots = (0..<4).map { _ in pacer.reserve(now: Self.start) }
        #expect(slots.map { $0.timeIntervalSince(Self.start) } == [0, 2, 4, 6])
    }

    @Test func aRequestAfterAPauseGoesAtOnce() {
        var pacer = RequestPacer(limit: RateLimit(perMinute: 30, burst: 1))
        _ = pacer.reserve(now: Self.start)
        #expect(pacer.reserve(now: Self.start.addingTimeInterval(10)) == Self.start.addingTimeInterval(10))
        #expect(pacer.reserve(now: Self.start.addingTimeInterval(10.5)) == Self.start.addingTimeInterval(12))
    }

    @Test func anyMinuteHoldsAtMostTheLimit() {
        var pacer = RequestPacer(limit: RateLimit(perMinute: 30, burst: 1))
        let slots = (0..<100).map { index in pacer.reserve(now: Self.start.addingTimeInterval(Double(index) * 0.7)) }
        for (index, slot) in slots.enumerated() {
            let inWindow = slots[index...].prefix { $0 < slot.addingTimeInterval(60) }
            #expect(inWindow.count <= 30)
        }
    }
}
