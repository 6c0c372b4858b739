/// The limits a campaign file's values must respect, each with its reason.
enum CampaignLimits {
    /// The provider caps a call at an hour; a reminder needs far less.
    static let maxDuration = 1...3_600
    /// Ten attempts already border on harassment.
    static let maxAttempts = 1...10
    /// Above 600 a minute is beyond any provider account we target; it would be a typo.
    static let perMinute = 1...600
    /// A burst beyond a minute's worth defeats the limit.
    static let burst = 1...600
    /// More than ten reminder calls a day to one person is never intended.
    static let perDay = 1...10
    /// A week bound a little above seven daily calls.
    static let perWeek = 1...70
    /// A reminder more than 30 days ahead would be forgotten again.
    static let remindBefore = CampaignDuration(seconds: 60)...CampaignDuration(seconds: 30 * 86_400)
    /// At least 10 s between attempts (short delays serve demos and drills; clinics use hours), at most a week.
    static let retryDelay = CampaignDuration(seconds: 10)...CampaignDuration(seconds: 7 * 86_400)
    /// Polling may start right after `max_duration`, and should not wait past an hour.
    static let statusPollGrace = CampaignDuration(seconds: 0)...CampaignDuration(seconds: 3_600)
    /// A dial waits for an unreachable source at most a day: past that its answer is stale anyway.
    static let recheckWait = CampaignDuration(seconds: 0)...CampaignDuration(seconds: 86_400)
    /// Provider agent ids are short tokens; 256 leaves room without admitting a document.
    static let agentIDLength = 256
    /// The name becomes part of keys and file names; 64 characters is plenty.
    static let nameLength = 64
    /// A worklist row stays readable with a dozen extra columns; more is a second export.
    static let reportFields = 12
}
