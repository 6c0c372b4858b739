public import Foundation

extension Campaign {
    /// The campaign as compact JSON with sorted keys and every default written out.
    ///
    /// Equal campaigns give equal bytes, and `parse` reads the bytes back to an equal campaign,
    /// so the store can keep this text and compare it to detect an edited campaign file.
    public func canonicalJSON() -> Data {
        var object: [String: Any] = [
            "name": name,
            "agent_id": agentID,
            "from_number": fromNumber,
            "max_duration": maxDuration,
            "recording": recording,
            "timezone": timeZone.identifier,
            "locale": locale,
            "calling_hours": [
                "start": callingHours.start.description,
                "end": callingHours.end.description,
                "days": callingHours.days.sorted().map(\.rawValue),
                "override_legal_hours": callingHours.overrideLegalHours,
            ] as [String: Any],
            "retry": [
                "max_attempts": retry.maxAttempts,
                "delay": retry.delay.description,
                "on": AttemptOutcome.allCases.filter(retry.retryOn.contains).map(\.rawValue),
            ] as [String: Any],
            "rate_limit": ["per_minute": rateLimit.perMinute, "burst": rateLimit.burst],
            "columns": columnsObject(),
            "context": context,
            "submit_ahead": submitAhead,
            "frequency_cap": ["per_day": frequencyCap.perDay, "per_week": frequencyCap.perWeek],
            "status_poll_grace": statusPollGrace.description,
        ]
        if let defaultRegion { object["default_region"] = defaultRegion }
        // Written only when set, so campaigns stored before these keys existed compare equal.
        if csv != .standard { object["csv"] = ["delimiter": csv.delimiterText, "encoding": csv.encoding.rawValue] }
        if let appointmentFormat { object["appointment_format"] = appointmentFormat.pattern }
        if !cancelledValues.isEmpty { object["cancelled_values"] = cancelledValues.sorted() }
        if !answers.isEmpty { object["answers"] = answers.mapValues(\.rawValue) }
        if !reportFields.isEmpty { object["report_fields"] = reportFields }
        if storeTranscripts { object["store_transcripts"] = true }
        if let remindBefore { object["remind_before"] = remindBefore.description }
        switch source {
        case .csv(let path): object["source"] = ["csv": path]
        case .postgres(let query):
            var postgres: [String: Any] = ["query": query]
            if let recheck {
                postgres["recheck"] = recheck.query
                postgres["recheck_wait"] = recheck.wait.description
                postgres["recheck_unavailable"] = recheck.whenUnavailable.rawValue
            }
            if let writeback { postgres["writeback"] = writeback }
            object["source"] = ["postgres": postgres]
        case nil: break
        }
        // Only strings, integers, booleans, arrays and dictionaries above: serialization cannot fail.
        let options: JSONSerialization.WritingOptions = [.sortedKeys, .withoutEscapingSlashes]
        return (try? JSONSerialization.data(withJSONObject: object, options: options)) ?? Data()
    }

    /// `columns`, with a single phone header as a string (as files written before lists had it)
    /// and the optional headers only when set.
    private func columnsObject() -> [String: Any] {
        var object: [String: Any] = [
            "id": columns.id,
            "phone": columns.phones.count == 1 ? columns.phones[0] as Any : columns.phones as Any,
            "timezone": columns.timezone,
        ]
        if columns.appointmentDate == nil { object["appointment_at"] = columns.appointmentAt }
        if let date = columns.appointmentDate { object["appointment_date"] = date }
        if let time = columns.appointmentTime { object["appointment_time"] = time }
        if let status = columns.status { object["status"] = status }
        return object
    }
}
