public import Foundation

/// One line of `reminders status`: where a campaign in progress stands right now.
public struct CampaignStatus: Sendable, Equatable {
    public var name: String
    /// active, paused or cancelled.
    public var state: String
    public var pending: Int
    /// Attempts dialing, initiating, ringing, in progress or unknown.
    public var inFlight: Int
    public var reached: Int
    public var notReached: Int
    /// The earliest scheduled attempt's due time, nil when none is scheduled.
    public var nextDueAt: Date?
    /// Campaign dials in the 60 s before the query (database clock).
    public var dialsLastMinute: Int
    /// The campaign's limit per minute.
    public var perMinuteLimit: Int

    /// Creates a status line.
    public init(name: String, state: String, pending: Int, inFlight: Int, reached: Int, notReached: Int,
                nextDueAt: Date?, dialsLastMinute: Int, perMinuteLimit: Int) {
        self.name = name
        self.state = state
        self.pending = pending
        self.inFlight = inFlight
        self.reached = reached
        self.notReached = notReached
        self.nextDueAt = nextDueAt
        self.dialsLastMinute = dialsLastMinute
        self.perMinuteLimit = perMinuteLimit
    }

    /// The one-screen table: a header and one aligned line per campaign; due times relative to `now`.
    public static func table(_ statuses: [CampaignStatus], now: Date) -> String {
        guard !statuses.isEmpty else { return "No campaign in progress." }
        let header = ["CAMPAIGN", "STATE", "PENDING", "IN FLIGHT", "REACHED", "NOT REACHED", "NEXT DUE", "DIALS/MIN"]
        let rows = statuses.map { status in
            [status.name, status.state, String(status.pending), String(status.inFlight), String(status.reached),
             String(status.notReached), status.nextDueAt.map { due(at: $0, now: now) } ?? "—",
             "\(status.dialsLastMinute)/\(status.perMinuteLimit)"]
        }
        let widths = header.indices.map { column in
            ([header] + rows).map { $0[column].count }.max() ?? 0
        }
        return ([header] + rows).map { cells in
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell.padding(toLength: widths[column] + 2, withPad: " ", startingAt: 0)
            }.joined()
        }.joined(separator: "\n")
    }

    /// `now`, `in 4m`, `in 2h05m`, or the UTC minute for anything a day or more away.
    static func due(at date: Date, now: Date) -> String {
        let seconds = Int(date.timeIntervalSince(now).rounded(.up))
        switch seconds {
        case ...0: return "now"
        case ..<60: return "in \(seconds)s"
        case ..<3_600: return "in \(seconds / 60)m"
        case ..<86_400: return "in \(seconds / 3_600)h" + String(format: "%02dm", seconds / 60 % 60)
        default: return ReportFormatting.minute(date)
        }
    }
}
