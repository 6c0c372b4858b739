public import Foundation
/// The follow-up list for staff: one RFC 4180 row per contact,
/// `id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id`, then
/// the campaign's `report_fields` columns under their own names; CRLF line ends, phone numbers
/// in full, the appointment in the contact's own zone.
///
/// It carries what a Postgres source's write-back sends (id, status, answer, last call time and
/// call id), so a practice system fed by CSV can import the same outcomes from it.
public struct CSVReportRenderer: ReportRenderer {
    /// Contacts' zones as read so far (see `ReportContactRow.appointmentLocal`).
    private var zones: [String: TimeZone?] = [:]
    /// How many `report_fields` columns each row carries.
    private var fieldCount = 0

    /// The report's own columns, before the `report_fields` ones (which may not reuse these names).
    public static let columns = [
        "id", "phone", "status", "attempts", "last_outcome", "last_call_at", "answer", "appointment_local", "call_id",
    ]

    public init() {}

    public var rowStatuses: Set<String>? { nil }

    public mutating func begin(_ report: Report) -> String {
        fieldCount = report.reportFields.count
        return (Self.columns + report.reportFields).map(Self.quoted).joined(separator: ",") + "\r\n"
    }

    public mutating func row(_ row: ReportContactRow) -> String {
        let fields = [
            row.id, row.phone, row.status, String(row.attempts), row.lastOutcome ?? "",
            row.lastCallAt.map(ReportFormatting.timestamp) ?? "", row.answer ?? "", row.appointmentLocal(zones: &zones) ?? "",
            row.lastCallID ?? "",
        ] + (0..<fieldCount).map { row.fields.indices.contains($0) ? row.fields[$0] : "" }
        return fields.map(Self.quoted).joined(separator: ",") + "\r\n"
    }

    public mutating func end() -> String { "" }

    /// A field quoted only when it must be (comma, quote, CR or LF), quotes doubled. A field that
    /// starts like a spreadsheet formula (`=`, `+`, `-`, `@`) is left as is: phone numbers start with
    /// `+` and staff need them verbatim.
    static func quoted(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"")
            || $0 == UInt8(ascii: "\r") || $0 == UInt8(ascii: "\n") })
        else { return field }
        var out = "\""
        for scalar in field.unicodeScalars {
            if scalar == "\"" { out += "\"" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
