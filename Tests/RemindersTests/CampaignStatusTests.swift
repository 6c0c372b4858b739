import Foundation
import Reminders
import Testing

@Suite struct CampaignStatusTests {
    static let now = Date(timeIntervalSince1970: 1_795_000_000)

    @Test func theTableAlignsColumnsAndShowsDialsAgainstTheLimit() {
        let statuses = [
            CampaignStatus(name: "dental", state: "active", pending: 120, inFlight: 2, reached: 40, notReached: 3,
                           nextDueAt: Self.now.addingTimeInterval(90), dialsLastMinute: 10, perMinuteLimit: 10),
            CampaignStatus(name: "eye-clinic-long", state: "paused", pending: 5, inFlight: 0, reached: 0, notReached: 0,
                           nextDueAt: nil, dialsLastMinute: 0, perMinuteLimit: 4),
        ]
        #expect(CampaignStatus.table(statuses, now: Self.now) == """
            CAMPAIGN         STATE   PENDING  IN FLIGHT  REACHED  NOT REACHED  NEXT DUE  DIALS/MIN
            dental           active  120      2          40       3            in 1m     10/10
            eye-clinic-long  paused  5        0          0        0            —         0/4
            """)
        #expect(CampaignStatus.table([], now: Self.now) == "No campaign in progress.")
    }

    @Test(arguments: [
        (-5.0, "now"), (0.0, "now"), (30.0, "in 30s"), (59.5, "in 1m"), (600.0, "in 10m"),
        (7_500.0, "in 2h05m"), (90_000.0, "2026-11-19 12:06 UTC"),
    ])
    func dueTimesReadRelativeToNow(offset: Double, expected: String) {
        let status = CampaignStatus(name: "c", state: "active", pending: 1, inFlight: 0, reached: 0, notReached: 0,
                                    nextDueAt: Self.now.addingTimeInterval(offset), dialsLastMinute: 0, perMinuteLimit: 10)
        let line = CampaignStatus.table([status], now: Self.now).split(separator: "\n")[1]
        #expect(line.contains(expected))
    }
}
