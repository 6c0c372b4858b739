import Foundation

/// Turns a campaign file's top-level object into a `Campaign`, key by key.
struct CampaignFileParser {
    let root: FieldReader

    func campaign() throws(CampaignError) -> Campaign {
        Campaign(
            name: try name(),
            agentID: try agentID(),
            fromNumber: try fromNumber(),
            maxDuration: try root.integer("max_duration", in: CampaignLimits.maxDuration)
                ?? Campaign.defaultMaxDuration,
            recording: try root.bool("recording") ?? false,
            timeZone: try timeZone(),
            defaultRegion: try defaultRegion(),
            locale: try locale(),
            callingHours: try callingHours(),
            remindBefore: try root.duration("remind_before", in: CampaignLimits.remindBefore),
            retry: try retry(),
            rateLimit: try rateLimit(),
            columns: try columns(),
            context: try context(),
            source: try source(),
            submitAhead: try root.bool("submit_ahead") ?? false,
            frequencyCap: try frequencyCap(),
            statusPollGrace: try root.duration("status_poll_grace", in: CampaignLimits.statusPollGrace)
                ?? Campaign.defaultStatusPollGrace,
            csv: try csv(),
            appointmentFormat: try appointmentFormat(),
            cancelledValues: try cancelledValues(),
            recheck: try recheck(),
            answers: try answers(),
            reportFields: try reportFields(),
            storeTranscripts: try root.bool("store_transcripts") ?? false,
            writeback: try writeback()
        )
    }

    /// `report_fields`: source columns for the worklist, each named once (as headers are read:
    /// spaces and tabs around the name do not count), none named like the report's own columns.
    private func reportFields() throws(CampaignError) -> [String] {
        guard let items = try root.array("report_fields") else { return [] }
        var fields: [String] = []
        for (index, item) in items.enumerated() {
            let path = "\(root.keyPath("report_fields"))[\(index)]"
            let name = try FieldReader.string(item, at: path, file: root.file).trimmingSpacesAndTabs()
            guard !name.isEmpty else {
                throw CampaignError(file: root.file, keyPath: path, message: "is empty; name a column of the source")
            }
            guard !CSVReportRenderer.columns.contains(name) else {
                throw CampaignError(file: root.file, keyPath: path, message: """
                    \(name.quotedForError) is a column of the report itself (\(CSVReportRenderer.columns.joined(separator: ", "))); \
                    a Postgres source can rename it in its query (`SELECT status AS appointment_status`)
                    """)
            }
            guard !fields.contains(name) else {
                throw CampaignError(file: root.file, keyPath: path, message: "\(name.quotedForError) is listed twice")
            }
            fields.append(name)
        }
        guard fields.count <= CampaignLimits.reportFields else {
            throw root.error("report_fields", "lists \(fields.count) columns; at most \(CampaignLimits.reportFields)")
        }
        return fields
    }

    /// `source.postgres.writeback`: must name the contact (`$1`) and use no parameter past `$5`.
    private func writeback() throws(CampaignError) -> String? {
        guard let source = try root.object("source", allowedKeys: Campaign.Key.source),
            let postgres = try source.object("postgres", allowedKeys: Campaign.Key.postgres),
            let statement = try postgres.string("writeback")
        else { return nil }
        let used = WritebackParameters.used(in: statement)
        guard used.contains(1) else {
            throw postgres.error("writeback", "must use $1, the contact's id (else it would write every row)")
        }
        if let beyond = used.first(where: { $0 > WritebackParameters.count }) {
            throw postgres.error("writeback", "uses $\(beyond); the parameters are $1 id, $2 status, $3 answer, $4 last call time, $5 call id")
        }
        return statement
    }

    /// `"answers": {"Appointment Kept": "confirmed", …}`: the agent's labels mapped to our answers.
    private func answers() throws(CampaignError) -> [String: Answer] {
        guard let members = try root.openObject("answers") else { return [:] }
        var answers: [String: Answer] = [:]
        for (label, value) in members {
            let text = try FieldReader.string(value, at: "\(root.keyPath("answers")).\(label)", file: root.file)
            guard let answer = Answer(rawValue: text) else {
                throw root.error("answers", "maps \"\(label)\" to \"\(text)\"; the answers are "
                    + Answer.allCases.map(\.rawValue).joined(separator: ", "))
            }
            answers[label] = answer
        }
        return answers
    }

    /// `source.postgres.recheck`, `recheck_wait`, `recheck_unavailable`.
    private func recheck() throws(CampaignError) -> Campaign.Recheck? {
        guard let source = try root.object("source", allowedKeys: Campaign.Key.source),
            let postgres = try source.object("postgres", allowedKeys: Campaign.Key.postgres),
            let query = try postgres.string("recheck")
        else { return nil }
        guard query.contains("$1") else { throw postgres.error("recheck", "must use $1, the contact's id") }
        var recheck = Campaign.Recheck(query: query)
        if let wait = try postgres.duration("recheck_wait", in: CampaignLimits.recheckWait) { recheck.wait = wait }
        if let text = try postgres.string("recheck_unavailable") {
            guard let choice = Campaign.Recheck.WhenUnavailable(rawValue: text) else {
                throw postgres.error("recheck_unavailable", "must be \"dial\" or \"skip\"")
            }
            recheck.whenUnavailable = choice
        }
        return recheck
    }

    private func appointmentFormat() throws(CampaignError) -> AppointmentFormat? {
        guard let pattern = try root.string("appointment_format") else { return nil }
        do {
            return try AppointmentFormat(pattern: pattern)
        } catch {
            throw root.error("appointment_format", error.description)
        }
    }

    /// `cancelled_values`: status values that mean cancelled; needs `columns.status`, and it needs them.
    private func cancelledValues() throws(CampaignError) -> Set<String> {
        let hasStatus = try root.object("columns", allowedKeys: Campaign.Key.columns)?.string("status") != nil
        guard let items = try root.array("cancelled_values") else {
            if hasStatus { throw root.error("cancelled_values", "is required with columns.status (such as [\"cancelled\", \"broken\"])") }
            return []
        }
        var values: Set<String> = []
        for (index, item) in items.enumerated() {
            values.insert(try FieldReader.string(item, at: "\(root.keyPath("cancelled_values"))[\(index)]", file: root.file).lowercased())
        }
        guard hasStatus, !values.isEmpty else {
            throw root.error("cancelled_values", hasStatus ? "must list at least one value" : "needs columns.status: the column they are read from")
        }
        return values
    }

    /// `"csv": {"delimiter": ";", "encoding": "windows-1252"}`; each key defaults to the standard.
    private func csv() throws(CampaignError) -> CSVFormat {
        guard let csv = try root.object("csv", allowedKeys: Campaign.Key.csv) else { return .standard }
        var format = CSVFormat.standard
        // Read as written: a tab is whitespace, which `string` refuses.
        if let text = try csv.verbatimString("delimiter") {
            let byte = text == "tab" ? UInt8(ascii: "\t") : text.utf8.count == 1 ? text.utf8.first : nil
            guard let byte, CSVFormat.delimiters.contains(byte) else {
                throw csv.error("delimiter", "must be \",\", \";\" or \"\\t\" (a tab)")
            }
            format.delimiter = byte
        }
        if let text = try csv.string("encoding") {
            guard let encoding = CSVFormat.Encoding(rawValue: text.lowercased()) else {
                let names = CSVFormat.Encoding.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
                throw csv.error("encoding", "must be one of \(names)")
            }
            format.encoding = encoding
        }
        return format
    }

    private func name() throws(CampaignError) -> String {
        let name = try root.required("name", root.string)
        let allowed = { (c: Character) in c.isASCII && (c.isLowercase || c.isNumber || c == "." || c == "_" || c == "-") }
        guard let first = name.first, first.isASCII, first.isLowercase || first.isNumber,
            name.count <= CampaignLimits.nameLength, name.allSatisfy(allowed)
        else {
            throw root.error(
                "name",
                "\(name.quotedForError) is not a valid name (lowercase letters, digits, \".\", \"_\", \"-\"; "
                    + "starting with a letter or digit; at most \(CampaignLimits.nameLength) characters)"
            )
        }
        return name
    }

    private func agentID() throws(CampaignError) -> String {
        let agent = try root.required("agent_id", root.string)
        let printable = agent.unicodeScalars.allSatisfy { !$0.properties.isWhitespace && $0.properties.generalCategory != .control }
        guard agent.count <= CampaignLimits.agentIDLength, printable else {
            throw root.error("agent_id", "must be an identifier without spaces, at most \(CampaignLimits.agentIDLength) characters")
        }
        return agent
    }

    /// The clinic's number; never echoed in the error, as numbers are treated as personal data.
    private func fromNumber() throws(CampaignError) -> String {
        let number = try root.required("from_number", root.string)
        guard PhoneNumber.isE164(number) else { throw root.error("from_number", "is not an E.164 number (\"+\" then 8 to 15 digits, the first not 0)") }
        return number
    }

    private func timeZone() throws(CampaignError) -> TimeZone {
        let identifier = try root.required("timezone", root.string)
        do {
            return try TimeZoneName.parse(identifier)
        } catch {
            throw root.error("timezone", error.description)
        }
    }

    private func defaultRegion() throws(CampaignError) -> String? {
        guard let region = try root.string("default_region") else { return nil }
        guard region.count == 2, region.allSatisfy({ $0.isASCII && $0.isUppercase }) else {
            throw root.error(
                "default_region",
                "\(region.quotedForError) is not an ISO 3166 alpha-2 region (two capital letters, such as \"US\")")
        }
        return region
    }

    private func locale() throws(CampaignError) -> String {
        guard let locale = try root.string("locale") else { return Campaign.defaultLocale }
        let parts = locale.split(separator: "_", omittingEmptySubsequences: false)
        let isLower = { (c: Character) in c.isASCII && c.isLowercase }
        let isUpper = { (c: Character) in c.isASCII && c.isUppercase }
        let languageOK = parts.first.map { (2...3).contains($0.count) && $0.allSatisfy(isLower) } ?? false
        let regionOK = parts.count == 1 || (parts.count == 2 && parts[1].count == 2 && parts[1].allSatisfy(isUpper))
        guard languageOK, regionOK else {
            throw root.error("locale", "\(locale.quotedForError) is not a locale (such as \"en_US\")")
        }
        return locale
    }

    private func callingHours() throws(CampaignError) -> CallingHours {
        guard let hours = try root.object("calling_hours", allowedKeys: Campaign.Key.callingHours) else {
            return .default
        }
        let start = try localTime(hours, "start") ?? CallingHours.default.start
        let end = try localTime(hours, "end") ?? CallingHours.default.end
        let override = try hours.bool("override_legal_hours") ?? false
        guard start < LocalTime.endOfDay else {
            throw hours.error("start", "24:00 ends a day; a window starts at 23:59 at the latest")
        }
        guard start < end else {
            throw hours.error("end", "\(end) is not after start \(start)")
        }
        if !override {
            if start < CallingHours.legalStart {
                throw hours.error(
                    "start", "\(start) is before \(CallingHours.legalStart); earlier calls need \"override_legal_hours\": true")
            }
            if end > CallingHours.legalEnd {
                throw hours.error(
                    "end", "\(end) is after \(CallingHours.legalEnd); later calls need \"override_legal_hours\": true")
            }
        }
        let days = try weekdays(hours)
        return CallingHours(start: start, end: end, days: days ?? CallingHours.default.days, overrideLegalHours: override)
    }

    private func localTime(_ object: FieldReader, _ key: String) throws(CampaignError) -> LocalTime? {
        guard let text = try object.string(key) else { return nil }
        guard let time = LocalTime(parsing: text) else {
            throw object.error(key, "\(text.quotedForError) is not a time of day (HH:MM, 00:00 to 24:00)")
        }
        return time
    }

    private func weekdays(_ hours: FieldReader) throws(CampaignError) -> Set<Weekday>? {
        guard let items = try hours.array("days") else { return nil }
        guard !items.isEmpty else { throw hours.error("days", "must name at least one day") }
        var days = Set<Weekday>()
        for (index, item) in items.enumerated() {
            let path = "\(hours.keyPath("days"))[\(index)]"
            let text = try FieldReader.string(item, at: path, file: root.file)
            guard let day = Weekday(rawValue: text) else {
                throw CampaignError(
                    file: root.file, keyPath: path,
                    message: "\(text.quotedForError) is not a day (mon, tue, wed, thu, fri, sat, sun)")
            }
            guard days.insert(day).inserted else {
                throw CampaignError(file: root.file, keyPath: path, message: "\(text.quotedForError) is listed twice")
            }
        }
        return days
    }

    private func retry() throws(CampaignError) -> RetryPolicy {
        guard let retry = try root.object("retry", allowedKeys: Campaign.Key.retry) else { return .default }
        let maxAttempts = try retry.integer("max_attempts", in: CampaignLimits.maxAttempts)
            ?? RetryPolicy.default.maxAttempts
        let delay = try retry.duration("delay", in: CampaignLimits.retryDelay) ?? RetryPolicy.default.delay
        var outcomes = RetryPolicy.default.retryOn
        if let items = try retry.array("on") {
            outcomes = []
            for (index, item) in items.enumerated() {
                let path = "\(retry.keyPath("on"))[\(index)]"
                let text = try FieldReader.string(item, at: path, file: root.file)
                guard let outcome = AttemptOutcome(rawValue: text), AttemptOutcome.retryable.contains(outcome) else {
                    throw CampaignError(
                        file: root.file, keyPath: path,
                        message: "\(text.quotedForError) is not a retryable outcome (no_answer, busy, failed, voicemail)")
                }
                guard outcomes.insert(outcome).inserted else {
                    throw CampaignError(file: root.file, keyPath: path, message: "\(text.quotedForError) is listed twice")
                }
            }
        }
        return RetryPolicy(maxAttempts: maxAttempts, delay: delay, retryOn: outcomes)
    }

    private func rateLimit() throws(CampaignError) -> RateLimit {
        guard let limit = try root.object("rate_limit", allowedKeys: Campaign.Key.rateLimit) else {
            return .default
        }
        return RateLimit(
            perMinute: try limit.integer("per_minute", in: CampaignLimits.perMinute) ?? RateLimit.default.perMinute,
            burst: try limit.integer("burst", in: CampaignLimits.burst) ?? RateLimit.default.burst
        )
    }

    private func columns() throws(CampaignError) -> Campaign.ColumnMap {
        guard let columns = try root.object("columns", allowedKeys: Campaign.Key.columns) else { return .init() }
        let defaults = Campaign.ColumnMap()
        let date = try columns.string("appointment_date")
        let time = try columns.string("appointment_time")
        guard (date == nil) == (time == nil) else {
            throw columns.error(date == nil ? "appointment_time" : "appointment_date", "goes with appointment_date and appointment_time both")
        }
        if date != nil, try columns.string("appointment_at") != nil {
            throw columns.error("appointment_at", "cannot be set with appointment_date and appointment_time")
        }
        return Campaign.ColumnMap(
            id: try columns.string("id") ?? defaults.id,
            phones: try phones(columns) ?? defaults.phones,
            timezone: try columns.string("timezone") ?? defaults.timezone,
            appointmentAt: try columns.string("appointment_at") ?? defaults.appointmentAt,
            appointmentDate: date,
            appointmentTime: time,
            status: try columns.string("status")
        )
    }

    /// `columns.phone`: one header, or a list of them in order of preference.
    private func phones(_ columns: FieldReader) throws(CampaignError) -> [String]? {
        guard let items = try? columns.array("phone") else { return try columns.string("phone").map { [$0] } }
        guard !items.isEmpty else { throw columns.error("phone", "must list at least one column") }
        var headers: [String] = []
        for (index, item) in items.enumerated() {
            let header = try FieldReader.string(item, at: "\(columns.keyPath("phone"))[\(index)]", file: root.file)
            guard !headers.contains(header) else { throw columns.error("phone", "lists \(header.quotedForError) twice") }
            headers.append(header)
        }
        return headers
    }

    /// Template strings; their syntax is checked by the template engine, not here.
    private func context() throws(CampaignError) -> [String: String] {
        guard let members = try root.openObject("context") else { return [:] }
        var context: [String: String] = [:]
        for key in members.keys.sorted() {
            let path = root.keyPath("context") + ".\(key)"
            guard !key.isEmpty, !key.contains(where: \.isWhitespace) else {
                throw CampaignError(
                    file: root.file, keyPath: path, message: "a context variable name must be non-empty without spaces")
            }
            if let value = members[key] {
                context[key] = try FieldReader.string(value, at: path, file: root.file)
            }
        }
        return context
    }

    private func source() throws(CampaignError) -> Campaign.Source? {
        guard let source = try root.object("source", allowedKeys: Campaign.Key.source) else { return nil }
        guard source.keys.count == 1 else {
            throw source.error("must hold exactly one of \"csv\" or \"postgres\"")
        }
        if let path = try source.string("csv") { return .csv(path: path) }
        guard let postgres = try source.object("postgres", allowedKeys: Campaign.Key.postgres) else {
            throw source.error("must hold exactly one of \"csv\" or \"postgres\"")
        }
        return .postgres(query: try postgres.required("query", postgres.string))
    }

    private func frequencyCap() throws(CampaignError) -> FrequencyCap {
        guard let cap = try root.object("frequency_cap", allowedKeys: Campaign.Key.frequencyCap) else {
            return .default
        }
        return FrequencyCap(
            perDay: try cap.integer("per_day", in: CampaignLimits.perDay) ?? FrequencyCap.default.perDay,
            perWeek: try cap.integer("per_week", in: CampaignLimits.perWeek) ?? FrequencyCap.default.perWeek
        )
    }
}
