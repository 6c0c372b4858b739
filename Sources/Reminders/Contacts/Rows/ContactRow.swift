public import Foundation

/// One contact read from a CSV row: normalized, validated, its context rendered.
public struct ContactRow: Sendable, Equatable {
    /// The longest external id accepted: ids are keys in reports and the rejects file, and a
    /// longer one means a wrong column was mapped.
    public static let maxIDLength = 128

    /// The line on which the row starts.
    public let line: Int
    /// The contact's id in the clinic's system (the `id` column).
    public let externalID: String
    /// The number to call.
    public let phone: PhoneNumber
    /// The header of the column the number came from (the first of the campaign's phone columns
    /// that holds a valid number).
    public let phoneColumn: String
    /// The contact's IANA time zone (its `timezone` column, or the campaign's).
    public let timeZoneIdentifier: String
    /// When the appointment is.
    public let appointmentAt: Date
    /// Every column of the row, by trimmed header name, values trimmed of spaces.
    public let fields: [String: String]
    /// The campaign's context templates rendered for this contact, by context key.
    public let context: [String: String]

    /// What a record is: a contact to import, a cancelled appointment (by its status column:
    /// only its id is read, since nothing about it will be called), or a rejection.
    public enum Reading: Sendable, Equatable {
        case contact(ContactRow)
        case cancelled(line: Int, externalID: String)
        case rejected(RowRejection)
    }

    /// Reads one record: a contact, a cancelled appointment, or why it is rejected. See `parse`.
    public static func read(
        record: CSVRecord, columns: ContactColumns, defaultRegion: String?, defaultTimeZone: TimeZone, locale: Locale,
        templates: [String: ContextTemplate], appointmentFormat: AppointmentFormat? = nil, cancelledValues: Set<String> = []
    ) -> Reading {
        if let status = columns.status, status < record.fields.count, record.fields.count == columns.header.count,
            Campaign.isCancelled(status: record.fields[status], values: cancelledValues)
        {
            let id = record.fields[columns.id].trimmingSpacesAndTabs()
            if !id.isEmpty, id.count <= maxIDLength { return .cancelled(line: record.line, externalID: id) }
        }
        switch parse(
            record: record, columns: columns, defaultRegion: defaultRegion, defaultTimeZone: defaultTimeZone, locale: locale,
            templates: templates, appointmentFormat: appointmentFormat)
        {
        case .success(let row): return .contact(row)
        case .failure(let rejection): return .rejected(rejection)
        }
    }

    /// Reads one record, or says why it is rejected.
    ///
    /// - Parameters:
    ///   - record: A record after the header.
    ///   - columns: The header resolved for the campaign.
    ///   - defaultRegion: The region national-format numbers are read in (ISO 3166 alpha-2).
    ///   - defaultTimeZone: The zone of contacts without a `timezone` value.
    ///   - locale: The locale context templates are rendered in.
    ///   - templates: The campaign's parsed context templates, by context key.
    public static func parse(
        record: CSVRecord,
        columns: ContactColumns,
        defaultRegion: String?,
        defaultTimeZone: TimeZone,
        locale: Locale,
        templates: [String: ContextTemplate],
        appointmentFormat: AppointmentFormat? = nil
    ) -> Result<ContactRow, RowRejection> {
        let values = record.fields.map { $0.trimmingSpacesAndTabs() }
        let id = columns.id < values.count && !values[columns.id].isEmpty ? values[columns.id] : nil
        func reject(_ field: String?, _ reason: String) -> Result<ContactRow, RowRejection> {
            .failure(RowRejection(line: record.line, id: id, field: field, reason: reason))
        }
        do {
            try record.checkFieldCount(columns.header.count)
        } catch {
            return reject(nil, CSVError(line: nil, reason: error.reason).description)
        }
        guard let id else { return reject("id", "missing id") }
        guard id.count <= maxIDLength else { return reject("id", "id longer than \(maxIDLength) characters") }

        // The first phone column holding a valid number; a row whose numbers are all bad is
        // rejected with the first one's reason.
        var found: (number: PhoneNumber, column: String)?
        var firstProblem: String?
        for (name, index) in columns.phones where !values[index].isEmpty {
            do {
                found = (try PhoneNumber.parse(values[index], defaultRegion: defaultRegion), name)
                break
            } catch {
                firstProblem = firstProblem ?? error.description
            }
        }
        guard let (phone, phoneColumn) = found else {
            return reject("phone", firstProblem ?? PhoneNumberError.empty.description)
        }

        var timeZone = defaultTimeZone
        var timeZoneIdentifier = defaultTimeZone.identifier
        if let index = columns.timeZone, !values[index].isEmpty {
            do {
                let resolved = try TimeZoneName.resolve(values[index])
                timeZone = resolved.zone
                // The canonical name, not Foundation's: it reports "UTC" as "GMT".
                timeZoneIdentifier = resolved.identifier
            } catch {
                return reject("timezone", error.rowReason)
            }
        }

        let appointmentText: String
        let appointmentField: String
        switch columns.appointment {
        case .single(let index):
            (appointmentText, appointmentField) = (values[index], "appointment_at")
        case .split(let date, let time):
            guard !values[date].isEmpty else { return reject("appointment_date", "missing appointment date") }
            guard !values[time].isEmpty else { return reject("appointment_time", "missing appointment time") }
            (appointmentText, appointmentField) = (values[date] + " " + values[time], "appointment_date")
        }
        let appointmentAt: Date
        do {
            appointmentAt = try AppointmentTime.parse(appointmentText, timeZone: timeZone, format: appointmentFormat)
        } catch {
            return reject(appointmentField, appointmentText.isEmpty ? "missing appointment time" : error.description)
        }

        var fields: [String: String] = [:]
        fields.reserveCapacity(values.count + 1)
        for (name, value) in zip(columns.header, values) where !name.isEmpty {
            fields[name] = value
        }
        // Templates read appointment times as ISO 8601 under `appointment_at`: a time written in
        // the campaign's own format, split in two columns, or under another header, is offered
        // to them normalized.
        if appointmentFormat != nil || fields[ContactColumns.appointmentField] == nil {
            let local = AppointmentTime.localText(appointmentAt, timeZone: timeZone)
            fields[ContactColumns.appointmentField] = local
            if case .single(let index) = columns.appointment { fields[columns.header[index]] = local }
        }

        var context: [String: String] = [:]
        // In key order, so that a row failing two templates always reports the same one.
        for key in templates.keys.sorted() {
            guard let template = templates[key] else { continue }
            do {
                context[key] = try template.render(fields, timeZone: timeZone, locale: locale)
            } catch {
                return reject("context.\(key)", error.description)
            }
        }
        return .success(ContactRow(
            line: record.line, externalID: id, phone: phone, phoneColumn: phoneColumn, timeZoneIdentifier: timeZoneIdentifier,
            appointmentAt: appointmentAt, fields: fields, context: context))
    }
}
