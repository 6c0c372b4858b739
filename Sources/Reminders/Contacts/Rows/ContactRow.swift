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
    /// The contact's IANA time zone (its `timezone` column, or the campaign's).
    public let timeZoneIdentifier: String
    /// When the appointment is.
    public let appointmentAt: Date
    /// Every column of the row, by trimmed header name, values trimmed of spaces.
    public let fields: [String: String]
    /// The campaign's context templates rendered for this contact, by context key.
    public let context: [String: String]

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
        templates: [String: ContextTemplate]
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

        let phone: PhoneNumber
        do {
            phone = try PhoneNumber.parse(values[columns.phone], defaultRegion: defaultRegion)
        } catch {
            return reject("phone", error.description)
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

        let appointmentAt: Date
        do {
            appointmentAt = try AppointmentTime.parse(values[columns.appointmentAt], timeZone: timeZone)
        } catch {
            let missing = values[columns.appointmentAt].isEmpty
            return reject("appointment_at", missing ? "missing appointment time" : error.description)
        }

        var fields: [String: String] = [:]
        fields.reserveCapacity(values.count)
        for (name, value) in zip(columns.header, values) where !name.isEmpty {
            fields[name] = value
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
            line: record.line, externalID: id, phone: phone, timeZoneIdentifier: timeZoneIdentifier,
            appointmentAt: appointmentAt, fields: fields, context: context))
    }
}
