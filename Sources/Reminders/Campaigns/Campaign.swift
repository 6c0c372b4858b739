public import Foundation

/// A validated reminder campaign, as read from `campaigns/NAME.json`.
///
/// Every field holds its default when the file left it out; `canonicalJSON()` writes it back.
public struct Campaign: Sendable, Equatable {
    /// The campaign's name, used by every command after `import`.
    public var name: String
    /// The provider's agent that speaks the reminder.
    public var agentID: String
    /// The clinic's caller number, E.164.
    public var fromNumber: String
    /// Longest call allowed, in seconds.
    public var maxDuration: Int
    /// Whether the provider records calls.
    public var recording: Bool
    /// Zone for contacts whose row gives none.
    public var timeZone: TimeZone
    /// ISO 3166 alpha-2 region for national-format numbers, if any.
    public var defaultRegion: String?
    /// Locale of the reminder's wording and formatted times, such as `en_US`.
    public var locale: String
    /// When contacts may be called, on their own wall clock.
    public var callingHours: CallingHours
    /// How long before the appointment the first attempt is due; nil means due now.
    public var remindBefore: CampaignDuration?
    /// Attempts, their spacing, and the outcomes that earn another.
    public var retry: RetryPolicy
    /// The provider account's dial rate.
    public var rateLimit: RateLimit
    /// Which CSV header holds each contact field.
    public var columns: ColumnMap
    /// Templates for the agent's dynamic variables, by variable name.
    public var context: [String: String]
    /// Where contacts come from, if the campaign names a source.
    public var source: Source?
    /// Whether dials are sent ahead with `scheduled_at` so the provider queues them for the window.
    public var submitAhead: Bool
    /// How often one number may be called.
    public var frequencyCap: FrequencyCap
    /// Wait past `max_duration` before polling a call whose webhooks never came.
    public var statusPollGrace: CampaignDuration
    /// How the campaign's CSV files are written (separator, encoding).
    public var csv: CSVFormat
    /// The pattern of local appointment times in the source, when not ISO 8601.
    public var appointmentFormat: AppointmentFormat?
    /// Values of the `status` column that mean the appointment was cancelled (compared lowercased).
    public var cancelledValues: Set<String>
    /// A query run on the Postgres source just before each dial, if the campaign has one.
    public var recheck: Recheck?
    /// `answers`: the provider's analysis labels this campaign's agent uses, mapped to our
    /// answers (keys as `ProviderAnswers.normalized`); the common ones are known without it.
    public var answers: [String: Answer]
    /// `report_fields`: the source's columns (names, provider, procedure…) that reports show
    /// beside each contact, in this order: the front desk's worklist.
    public var reportFields: [String]
    /// `store_transcripts`: keep each answered call's transcript text (health data) beside its
    /// answer; off by default, when only the answer and its evidence are kept.
    public var storeTranscripts: Bool
    /// `source.postgres.writeback`: a statement run on the source once per settled contact,
    /// with `$1` id, `$2` status, `$3` answer, `$4` last call time, `$5` call id.
    public var writeback: String?

    /// Creates a campaign; parameters left out take the campaign file's defaults.
    public init(
        name: String,
        agentID: String,
        fromNumber: String,
        maxDuration: Int = Campaign.defaultMaxDuration,
        recording: Bool = false,
        timeZone: TimeZone,
        defaultRegion: String? = nil,
        locale: String = Campaign.defaultLocale,
        callingHours: CallingHours = .default,
        remindBefore: CampaignDuration? = nil,
        retry: RetryPolicy = .default,
        rateLimit: RateLimit = .default,
        columns: ColumnMap = ColumnMap(),
        context: [String: String] = [:],
        source: Source? = nil,
        submitAhead: Bool = false,
        frequencyCap: FrequencyCap = .default,
        statusPollGrace: CampaignDuration = Campaign.defaultStatusPollGrace,
        csv: CSVFormat = .standard,
        appointmentFormat: AppointmentFormat? = nil,
        cancelledValues: Set<String> = [],
        recheck: Recheck? = nil,
        answers: [String: Answer] = [:],
        reportFields: [String] = [],
        storeTranscripts: Bool = false,
        writeback: String? = nil
    ) {
        self.reportFields = reportFields
        self.storeTranscripts = storeTranscripts
        self.writeback = writeback
        self.recheck = recheck
        self.answers = Dictionary(answers.map { (ProviderAnswers.normalized($0.key), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.csv = csv
        self.appointmentFormat = appointmentFormat
        self.cancelledValues = Set(cancelledValues.map { $0.lowercased() })
        self.name = name
        self.agentID = agentID
        self.fromNumber = fromNumber
        self.maxDuration = maxDuration
        self.recording = recording
        self.timeZone = timeZone
        self.defaultRegion = defaultRegion
        self.locale = locale
        self.callingHours = callingHours
        self.remindBefore = remindBefore
        self.retry = retry
        self.rateLimit = rateLimit
        self.columns = columns
        self.context = context
        self.source = source
        self.submitAhead = submitAhead
        self.frequencyCap = frequencyCap
        self.statusPollGrace = statusPollGrace
    }

    /// How long after a call starts to poll its status if no final webhook came: the longest the
    /// call may last plus the grace period for late webhooks.
    public var statusPollDelay: TimeInterval {
        Double(maxDuration) + statusPollGrace.timeInterval
    }

    /// Default `max_duration`: ten minutes is ample for a reminder and its questions.
    public static let defaultMaxDuration = 600
    /// Default `locale`.
    public static let defaultLocale = "en_US"
    /// Default `status_poll_grace`: a minute covers normal webhook delivery delays.
    public static let defaultStatusPollGrace = CampaignDuration(seconds: 60)
}

extension Campaign {
    /// `source.postgres.recheck`: a query with `$1` = the contact's id, run on the source just
    /// before each dial. No row, or a row whose status is a cancelled value, cancels the contact.
    public struct Recheck: Sendable, Equatable {
        /// What to do once the source has been unreachable for `wait`.
        public enum WhenUnavailable: String, Sendable, Equatable, CaseIterable {
            /// Dial: the import saw the appointment, and a reminder missed costs the patient too.
            case dial
            /// Settle the contact skipped (`source_unavailable`).
            case skip
        }

        /// How long a dial waits for an unreachable source by default.
        public static let defaultWait = CampaignDuration(seconds: 15 * 60)

        public var query: String
        public var wait: CampaignDuration
        public var whenUnavailable: WhenUnavailable

        public init(query: String, wait: CampaignDuration = defaultWait, whenUnavailable: WhenUnavailable = .dial) {
            self.query = query
            self.wait = wait
            self.whenUnavailable = whenUnavailable
        }
    }

    /// Where a campaign's contacts come from.
    public enum Source: Sendable, Equatable {
        /// A CSV file path, as written in the campaign file.
        case csv(path: String)
        /// A read-only Postgres query returning the contact columns.
        case postgres(query: String)
    }

    /// The CSV header that holds each contact field; a field not mapped is read from the header
    /// of its own name.
    public struct ColumnMap: Sendable, Equatable {
        /// Header of the contact's own identifier (for example the appointment ID).
        public var id: String
        /// Headers of the phone numbers, in order of preference (mobile, home, work…): the first
        /// that holds a valid number is called.
        public var phones: [String]
        /// Header of the contact's IANA time zone.
        public var timezone: String
        /// Header of the appointment's date and time.
        public var appointmentAt: String
        /// Headers of the appointment's date and of its time, when the source splits them
        /// (instead of `appointmentAt`).
        public var appointmentDate: String?
        public var appointmentTime: String?
        /// Header of the appointment's status (scheduled, confirmed, cancelled…), if the campaign reads it.
        public var status: String?

        /// Creates a mapping; each header defaults to its field's own name.
        public init(
            id: String = "id",
            phones: [String] = ["phone"],
            timezone: String = "timezone",
            appointmentAt: String = "appointment_at",
            appointmentDate: String? = nil,
            appointmentTime: String? = nil,
            status: String? = nil
        ) {
            self.id = id
            self.phones = phones
            self.timezone = timezone
            self.appointmentAt = appointmentAt
            self.appointmentDate = appointmentDate
            self.appointmentTime = appointmentTime
            self.status = status
        }
    }
}
