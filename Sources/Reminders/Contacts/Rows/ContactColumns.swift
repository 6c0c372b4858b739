/// Where each contact field sits in a CSV header, resolved once per file.
///
/// A campaign's `columns` maps fields (`id`, `phone`, `timezone`, `appointment_at`) to header
/// names; a field it leaves out is read from the header of its own name. `timezone` is
/// optional (contacts then use the campaign's zone) unless the mapping names a column for it;
/// the other fields are required. Header names are compared after trimming spaces, exactly
/// otherwise.
public struct ContactColumns: Sendable, Equatable {
    /// The contact fields a campaign's `columns` may map.
    public static let fieldNames = ["id", "phone", "timezone", "appointment_at"]

    /// The header's names, trimmed; `ContactRow.fields` uses them as keys.
    public let header: [String]
    /// Index of the contact's external id.
    public let id: Int
    /// Index of the phone number.
    public let phone: Int
    /// Index of the contact's time zone, if the file has one.
    public let timeZone: Int?
    /// Index of the appointment time.
    public let appointmentAt: Int

    /// Finds the columns for `mapping` and `templates` in `header`, or names what is missing.
    ///
    /// Refuses duplicate header names (a row would be ambiguous), unknown fields in `mapping`,
    /// a missing required column, and a column a template reads that the header lacks, so a
    /// bad file fails as a whole before any row is imported.
    public static func resolve(
        header: [String], mapping: [String: String], templates: [String: ContextTemplate]
    ) throws(ContactColumnsError) -> ContactColumns {
        let names = header.map { $0.trimmingSpacesAndTabs() }
        var positions: [String: Int] = [:]
        for (position, name) in names.enumerated() where !name.isEmpty {
            if positions.updateValue(position, forKey: name) != nil {
                throw .duplicateColumn(name)
            }
        }
        for field in mapping.keys.sorted() where !fieldNames.contains(field) {
            throw .unknownField(field)
        }
        func column(_ field: String) throws(ContactColumnsError) -> Int {
            let name = (mapping[field] ?? field).trimmingSpacesAndTabs()
            guard let position = positions[name] else { throw .missingColumn(name, field: field) }
            return position
        }
        let id = try column("id")
        let phone = try column("phone")
        let appointmentAt = try column("appointment_at")
        let timeZone = mapping["timezone"] == nil ? positions["timezone"] : try column("timezone")
        for key in templates.keys.sorted() {
            guard let template = templates[key] else { continue }
            for name in template.referencedColumns.sorted() where positions[name] == nil {
                throw .missingTemplateColumn(name, context: key)
            }
        }
        return ContactColumns(header: names, id: id, phone: phone, timeZone: timeZone, appointmentAt: appointmentAt)
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
