import Foundation
import Postgres
import Reminders

/// The first word of a placed call that reaches an attempt still in `dialing` or `unknown`: a
/// webhook, a status poll or a session listing that got there before the dial's answer (which
/// may never come: a dropped answer, a worker killed after sending).
///
/// Whoever learns of a call first gives it what `CallQueue.recordAccepted` gives an answered
/// dial: `dialed_at` (so the frequency cap counts it) and, while it is live, a status poll after
/// the campaign's `statusPollDelay` (so a call whose final webhook is lost is still settled).
/// The dial time is the claim's instant, as the request left right after it; the news's own
/// time only when there was no claim. Both are written with COALESCE: what the dial's answer
/// wrote, or writes later, wins.
struct FirstNews {
    let dialedAt: Date
    /// Nil when the call has already ended.
    let pollAt: Date?

    /// Whether an attempt in `state` hears of its call for the first time when it advances.
    static func applies(from state: CallState) -> Bool {
        state == .dialing || state == .unknown
    }

    /// The stamps for `attempt` advancing to `next` on news dated `at`; nil when it is not the first news.
    init?(of attempt: LockedAttempt, becoming next: CallState, at: Date, now: Date, _ db: Connection) throws {
        guard Self.applies(from: attempt.state) else { return nil }
        let delay = next.isTerminal ? nil : try CampaignStore.load(id: attempt.campaignID, db).campaign.statusPollDelay
        self.init(dialedAt: at, pollAt: delay.map { now.addingTimeInterval($0) })
    }

    init(dialedAt: Date, pollAt: Date?) {
        self.dialedAt = dialedAt
        self.pollAt = pollAt
    }
}
