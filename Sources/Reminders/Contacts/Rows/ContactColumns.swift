/// Where each contact field sits in a CSV header, resolved once per file.
///
/// A campaign's `columns` maps fields (`id`, `phone`, `timezone`, `appointment_at`, or
/// `appointment_date` + `appointment_time`, and `status`) to header names; a field it leaves out
/// is read from the header of its own name. `timezone` is optional (contacts then use the
/// campaign's zone) unless the mapping names a column for it; `status` is read only when mapped;
/// the other fields are required. `phone` may name several headers, tried in order. Header
/// names are compared after trimming spaces, exactly otherwise.
public struct ContactColumns: Sendable, Equatable {
    /// The contact fields a campaign's `columns` may map.
    public static let fieldNames = ["id", "phone", "timezone", "appointment_at", "appointment_date", "appointment_time", "status"]

    /// Where the appointment's time is: one column, or a date column and a time column.
    public enum Appointment: Sendable, Equatable {
        case single(Int)
        case split(date: Int, time: Int)
    }

    /// The header's names, trimmed; `ContactRow.fields` uses them as keys.
    public let header: [String]
    /// Index of the contact's external id.
    public let id: Int
    /// The phone columns in order of preference, with their header names.
    public let phones: [(name: String, index: Int)]
    /// Index of the contact's time zone, if the file has one.
    public let timeZone: Int?
    /// Where the appointment time is read.
    public let appointment: Appointment
    /// Index of the appointment's status, when the campaign reads one.
    public let status: Int?

    /// The name under which the appointment's date-time is offered to templates (ISO 8601, local)
    /// when no column has that name, or when it is not written in ISO 8601.
    public static let appointmentField = "appointment_at"

    public static func == (a: Self, b: Self) -> Bool {
        a.header == b.header && a.id == b.id && a.phones.map(\.index) == b.phones.map(\.index) && a.timeZone == b.timeZone
            && a.appointment == b.appointment && a.status == b.status
    }

    /// Index of the first phone column (most tests and single-phone files need only it).
    public var phone: Int { phones[0].index }

    /// Index of the appointment column when it is a single one.
    public var appointmentIndex: Int? {
        if case .single(let index) = appointment { index } else { nil }
    }

    /// Finds the columns for a campaign's `columns` and `templates` in `header`, or names what is missing.
    ///
    /// Refuses duplicate header names (a row would be ambiguous), a missing required column, and a
    /// column a template or the report (`reportFields`) reads that the header lacks, so a bad file
    /// fails as a whole before any row is imported.
    public static func resolve(
        header: [String], columns map: Campaign.ColumnMap, templates: [String: ContextTemplate], reportFields: [String] = []
    ) throws(ContactColumnsError) -> ContactColumns {
        let names = header.map { $0.trimmingSpacesAndTabs() }
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where !name.isEmpty {
            if positions.updateValue(position, forKey: name) != nil {
                throw .duplicateColumn(name)
            }
        }
        func column(_ name: String, for field: String) throws(ContactColumnsError) -> Int {
            let trimmed = name.trimmingSpacesAndTabs()
            guard let position = positions[trimmed] else { throw .missingColumn(trimmed, field: field) }
            return position
        }
        let id = try column(map.id, for: "id")
        var phones: [(name: String, index: Int)] = []
        for name in map.phones { phones.append((name.trimmingSpacesAndTabs(), try column(name, for: "phone"))) }
        let appointment: Appointment
        if let date = map.appointmentDate, let time = map.appointmentTime {
            appointment = .split(date: try column(date, for: "appointment_date"), time: try column(time, for: "appointment_time"))
        } else {
            appointment = .single(try column(map.appointmentAt, for: "appointment_at"))
        }
        // A zone column named "timezone" is read when present; one the campaign names must be there.
        let timeZone = map.timezone == "timezone" ? positions["timezone"] : try column(map.timezone, for: "timezone")
        let status = try map.status.map { (name) throws(ContactColumnsError) in try column(name, for: "status") }
        for key in templates.keys.sorted() {
            guard let template = templates[key] else { continue }
            for name in template.referencedColumns.sorted() where positions[name] == nil {
                // The appointment is offered to templates under the usual name whatever its columns.
                if name == appointmentField { continue }
                throw .missingTemplateColumn(name, context: key)
            }
        }
        for name in reportFields { _ = try column(name, for: "report_fields") }
        return ContactColumns(header: names, id: id, phones: phones, timeZone: timeZone, appointment: appointment, status: status)
    }

    /// Resolves with a plain field → header mapping (fields left out use their own names).
    public static func resolve(
        header: [String], mapping: [String: String], templates: [String: ContextTemplate]
    ) throws(ContactColumnsError) -> ContactColumns {
        for field in mapping.keys.sorted() where !fieldNames.contains(field) {
            throw .unknownField(field)
        }
        let map = Campaign.ColumnMap(
            id: mapping["id"] ?? "id", phones: [mapping["phone"] ?? "phone"], timezone: mapping["timezone"] ?? "timezone",
            appointmentAt: mapping["appointment_at"] ?? "appointment_at", appointmentDate: mapping["appointment_date"],
            appointmentTime: mapping["appointment_time"], status: mapping["status"])
        return try resolve(header: header, columns: map, templates: templates)
    }
}

/// A CSV header that does not fit a campaign's columns and templates.
public enum ContactColumnsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header has no column of this name, needed for a contact field.
    case missingColumn(String, field: String)
    /// The header has no column of this name, read by a context template.
    case missingTemplateColumn(String, context: String)
    /// Two header columns have this name.
    case duplicateColumn(String)
    /// The mapping names a field that does not exist.
    case unknownField(String)

    /// A human reason, such as `missing column "Mobile" (for phone)`.
    public var description: String {
        switch self {
        case .missingColumn(let name, let field):
            "missing column \"\(name)\" (for \(field))"
        case .missingTemplateColumn(let name, let context):
            "missing column \"\(name)\" (used by context \"\(context)\")"
        case .duplicateColumn(let name):
            "duplicate column \"\(name)\" in the header"
        case .unknownField(let field):
            "unknown field \"\(field)\" in columns (known: \(ContactColumns.fieldNames.joined(separator: ", ")))"
        }
    }
}
