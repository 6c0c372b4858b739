/// Writes a report in one format, piece by piece, so a million contact rows never sit in memory.
///
/// The caller writes `begin`, then `row` for each contact the renderer asks for (`rowStatuses`),
/// then `end`; the concatenation is the document.
public protocol ReportRenderer {
    /// Contact statuses whose rows this format shows: nil for every row, empty for none.
    var rowStatuses: Set<String>? { get }
    /// The document's start, with the summary.
    mutating func begin(_ report: Report) -> String
    /// One contact's row.
    mutating func row(_ row: ReportContactRow) -> String
    /// The document's end.
    mutating func end() -> String
}

extension ReportRenderer {
    /// The whole document for a report and its rows (tests and small reports).
    public mutating func render(_ report: Report, rows: [ReportContactRow]) -> String {
        var text = begin(report)
        for contact in rows where rowStatuses?.contains(contact.status) ?? true {
            text += row(contact)
        }
        return text + end()
    }
}

/// The formats `reminders report --format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, csv, json, html

    /// A fresh renderer for this format.
    public func renderer() -> any ReportRenderer {
        switch self {
        case .text: TextReportRenderer()
        case .csv: CSVReportRenderer()
        case .json: JSONReportRenderer()
        case .html: HTMLReportRenderer()
        }
    }
}
