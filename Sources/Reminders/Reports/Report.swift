public import Foundation

/// A campaign's completion report: every figure already aggregated (by the store, in SQL).
///
/// Per-contact rows are not held here: there may be a million of them, so they are streamed
/// through a `ReportRenderer` one `ReportContactRow` at a time.
public struct Report: Sendable, Equatable {
    /// The campaign's name.
    public var campaign: String
    /// The run the report is limited to, or nil for the whole campaign.
    public var runID: Int64?
    /// When the report was generated (from an injected clock).
    public var generatedAt: Date
    /// Contacts by how they were settled.
    public var contacts: ContactCounts
    /// Campaign attempts (never test calls) by state.
    public var attempts: AttemptCounts
    /// Length of the completed calls.
    public var durations: DurationSummary
    /// The campaign's dial rate limit.
    public var rateLimit: RateLimit
    /// Dials per clock minute, in time order, minutes with no dial left out.
    public var timeline: [TimelineMinute]
    /// Attempts dialed outside the contact's calling hours (must be 0).
    public var callsOutsideCallingHours: Int
    /// 429 answers from the provider, from two sources (see `RateLimitedCounts`).
    public var rateLimited: RateLimitedCounts
    /// Ambiguous attempts grouped by how they were resolved and what they became.
    public var ambiguous: [AmbiguousResolution]
    /// Completed calls' transcripts, when asked for (`--with-transcripts`); nil otherwise.
    public var transcripts: [CallTranscript]?
    /// The campaign's `report_fields`: the source columns each contact row carries, in order.
    public var reportFields: [String] = []
    /// Outcomes told to the practice system, for a campaign with a `source.postgres.writeback`.
    public var writebacks: WritebackCounts?
    /// How the worklist shows phone numbers: the campaign's country's own format.
    public var phoneDisplay = PhoneDisplay(homeCountryCode: nil)

    /// Creates a report from its aggregated parts.
    public init(campaign: String, runID: Int64? = nil, generatedAt: Date, contacts: ContactCounts,
                attempts: AttemptCounts, durations: DurationSummary, rateLimit: RateLimit,
                timeline: [TimelineMinute], callsOutsideCallingHours: Int,
                rateLimited: RateLimitedCounts, ambiguous: [AmbiguousResolution]) {
        self.campaign = campaign
        self.runID = runID
        self.generatedAt = generatedAt
        self.contacts = contacts
        self.attempts = attempts
        self.durations = durations
        self.rateLimit = rateLimit
        self.timeline = timeline
        self.callsOutsideCallingHours = callsOutsideCallingHours
        self.rateLimited = rateLimited
        self.ambiguous = ambiguous
    }

    /// Reached contacts over settled attempted ones (reached + not reached); nil before any settled.
    public var reachRate: Double? {
        let settled = contacts.reached + contacts.notReached
        return settled == 0 ? nil : Double(contacts.reached) / Double(settled)
    }

    /// Placed attempts per reached contact; nil while nobody is reached.
    public var attemptsPerReachedContact: Double? {
        contacts.reached == 0 ? nil : Double(attempts.placed) / Double(contacts.reached)
    }

    /// The most dials any 60 s window may hold under the limit (GCRA: `perMinute + burst − 1`).
    public var maxDialsPerMinute: Int { rateLimit.perMinute + rateLimit.burst - 1 }

    /// The busiest clock minute's dials.
    public var busiestMinute: Int { timeline.map(\.dials).max() ?? 0 }

    /// Clock minutes whose dials exceeded `maxDialsPerMinute` (must be 0).
    public var minutesOverLimit: Int { timeline.count { $0.dials > maxDialsPerMinute } }
}

/// Settled contacts by what the practice system has been told of them (the latest outcome of each).
public struct WritebackCounts: Sendable, Equatable {
    /// The source committed the contact's outcome.
    public var applied: Int
    /// Not told yet: waiting for the next pass, for an answer, or for the source.
    public var pending: Int
    /// Refused by the source too often: staff look (`reminders writeback --retry-failed`).
    public var failed: Int
    public init(applied: Int, pending: Int, failed: Int) {
        self.applied = applied
        self.pending = pending
        self.failed = failed
    }

    /// `38 applied, 2 pending, 1 failed`.
    public var summary: String { "\(applied) applied, \(pending) pending, \(failed) failed" }
}

/// Contacts by settlement.
public struct ContactCounts: Sendable, Equatable {
    /// Every contact in the report.
    public var total: Int
    /// An attempt completed.
    public var reached: Int
    /// Settled without a completed attempt.
    public var notReached: Int
    /// Not settled yet.
    public var pending: Int
    /// Never called (suppressed, invalid, no window…), see `skippedByReason`.
    public var skipped: Int
    /// Stopped with the campaign.
    public var cancelled: Int
    /// Skipped contacts by `status_reason`, ordered by reason.
    public var skippedByReason: [ReasonCount]
    /// Not-reached contacts by `status_reason`, ordered by reason.
    public var notReachedByReason: [ReasonCount]
    /// Contacts by what they answered on their latest answered call (`Answer`).
    public var answers: [Answer: Int] = [:]

    /// Creates the counts; the reason lists default to empty.
    public init(total: Int, reached: Int, notReached: Int, pending: Int, skipped: Int, cancelled: Int,
                skippedByReason: [ReasonCount] = [], notReachedByReason: [ReasonCount] = []) {
        self.total = total
        self.reached = reached
        self.notReached = notReached
        self.pending = pending
        self.skipped = skipped
        self.cancelled = cancelled
        self.skippedByReason = skippedByReason
        self.notReachedByReason = notReachedByReason
    }
}

/// How many contacts were settled for one reason.
public struct ReasonCount: Sendable, Equatable {
    /// The contact's `status_reason` ("unspecified" when none was stored).
    public var reason: String
    /// Contacts with that reason.
    public var count: Int
    public init(reason: String, count: Int) {
        self.reason = reason
        self.count = count
    }
}

/// Campaign attempts by state; `total` is every attempt row, `placed` those that reached dialing.
public struct AttemptCounts: Sendable, Equatable {
    public var total = 0
    /// Attempts that went past `scheduled` (were dialed): not scheduled, skipped or cancelled.
    public var placed = 0
    /// Placed attempts after a contact's first (attempt number above 1).
    public var retries = 0
    public var scheduled = 0
    /// Dialing, initiating, ringing or in progress.
    public var inFlight = 0
    public var completed = 0
    public var noAnswer = 0
    public var busy = 0
    public var failed = 0
    public var unknown = 0
    public var skipped = 0
    public var cancelled = 0
    public init() {}
}

/// Mean, median and 90th percentile of completed calls' durations, in seconds; nil with no calls.
public struct DurationSummary: Sendable, Equatable {
    /// Completed calls with a duration.
    public var calls: Int
    /// Average seconds.
    public var mean: Double?
    /// Middle value, interpolated (`percentile_cont(0.5)`).
    public var median: Double?
    /// 90th percentile, interpolated.
    public var p90: Double?
    public init(calls: Int, mean: Double?, median: Double?, p90: Double?) {
        self.calls = calls
        self.mean = mean
        self.median = median
        self.p90 = p90
    }
}

/// Dials that started in one clock minute (UTC).
public struct TimelineMinute: Sendable, Equatable {
    /// The minute's start.
    public var minute: Date
    /// Dials that started in it.
    public var dials: Int
    public init(minute: Date, dials: Int) {
        self.minute = minute
        self.dials = dials
    }
}

/// 429 answers. The provider's bucket counter is per account and shared by every campaign, so
/// the campaign's own figure comes from its attempts; both are shown.
public struct RateLimitedCounts: Sendable, Equatable {
    /// This campaign's attempts whose last provider answer was 429 (a lower bound: a 429 followed
    /// by a successful dial of the same attempt leaves only its `transient_failures` count).
    public var attemptsLastAnswered429: Int
    /// The dial buckets' `rate_limited` counters, summed over every account: global, all campaigns.
    public var accountBuckets: Int
    public init(attemptsLastAnswered429: Int, accountBuckets: Int) {
        self.attemptsLastAnswered429 = attemptsLastAnswered429
        self.accountBuckets = accountBuckets
    }
}

/// Ambiguous attempts that were resolved one way (webhook, sessions, status, redial) or are still
/// `unknown` (`resolvedBy` "unresolved"), and the state they ended in.
public struct AmbiguousResolution: Sendable, Equatable {
    /// `resolved_by`, or "unresolved".
    public var resolvedBy: String
    /// The attempt's state now.
    public var outcome: String
    /// Attempts in this group.
    public var attempts: Int
    public init(resolvedBy: String, outcome: String, attempts: Int) {
        self.resolvedBy = resolvedBy
        self.outcome = outcome
        self.attempts = attempts
    }
}
