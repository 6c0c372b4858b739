import Foundation
import Testing
@testable import Reminders

@Suite("FrequencyCap")
struct FrequencyCapTests {
    private let now = Date(timeIntervalSince1970: 1_790_000_000)
    private let hour: TimeInterval = 3_600

    private func ago(_ hours: Double) -> Date { now.addingTimeInterval(-hours * hour) }

    @Test func allowedWithNoEarlierDials() {
        #expect(FrequencyCap.default.check(earlierDials: [], now: now) == .allowed)
    }

    /// (per day, per week, earlier dials in hours ago, expected wait in hours from now or nil)
    @Test(arguments: [
        (1, 3, [23.0], 1.0 as Double?),  // one a day: wait until that dial is 24 h old
        (1, 3, [24.0], nil),  // exactly 24 h ago has left the window
        (1, 3, [25.0, 49.0], nil),
        (1, 3, [25.0, 49.0, 73.0], 95.0),  // third in the week: wait until the oldest is 7 d old
        (2, 3, [1.0], nil),
        (2, 3, [1.0, 5.0], 19.0),  // the older of the two must age out
        (2, 5, [1.0, 2.0, 5.0], 22.0),  // the two oldest in the day must age out
        (1, 1, [100.0], 68.0),
        (3, 3, [-1.0], nil),  // a dial recorded in the future still counts
        (1, 3, [-1.0], 25.0),
    ])
    func waitsUntilEnoughDialsAgeOut(perDay: Int, perWeek: Int, hoursAgo: [Double], waitHours: Double?) {
        let cap = FrequencyCap(perDay: perDay, perWeek: perWeek)
        let expected: FrequencyCap.Decision = waitHours.map { .wait(until: now.addingTimeInterval($0 * hour)) } ?? .allowed
        #expect(cap.check(earlierDials: hoursAgo.map(ago), now: now) == expected)
    }

    /// Dialing whenever allowed never puts more than the cap in any rolling 24 h or 7 d.
    @Test(arguments: [(1, 3), (2, 5), (3, 10)])
    func dialingWheneverAllowedRespectsEveryRollingWindow(perDay: Int, perWeek: Int) {
        let cap = FrequencyCap(perDay: perDay, perWeek: perWeek)
        var dials: [Date] = []
        var clock = now
        while clock < now.addingTimeInterval(30 * 24 * hour) {
            switch cap.check(earlierDials: dials, now: clock) {
            case .allowed:
                dials.append(clock)
                clock = clock.addingTimeInterval(7 * 60)
            case .wait(let until):
                #expect(until > clock)
                clock = until
            }
        }
        for (index, first) in dials.enumerated() {
            #expect(dials[index...].prefix { $0 < first.addingTimeInterval(24 * hour) }.count <= perDay)
            #expect(dials[index...].prefix { $0 < first.addingTimeInterval(7 * 24 * hour) }.count <= perWeek)
        }
        #expect(dials.count >= 30 * perWeek / 7)
    }
}
