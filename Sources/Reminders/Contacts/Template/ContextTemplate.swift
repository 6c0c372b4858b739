public import Foundation

/// A context template such as `Hi {{first_name}}, see you {{appointment_at | datetime}}`.
///
/// A placeholder names a CSV column (by header name) and an optional chain of filters:
/// `date`, `time`, `datetime`, `upper`, `lower` and `default:"…"`. Templates are parsed once,
/// so a typo fails the campaign, not each row, then rendered per row. A column absent from a
/// row, or empty or blank there, is an error for that row unless a `default` supplies a value: a
/// reminder never says "Hi ," to a patient.
public struct ContextTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case placeholder(column: String, filters: [TemplateFilter])
    }

    /// The template as written.
    public let source: String
    /// The column names the template's placeholders read, so an import can check a header.
    public let referencedColumns: Set<String>
    let segments: [Segment]

    /// Parses a template; unknown filters and malformed placeholders are errors here.
    public init(_ source: String) throws(TemplateError) {
        var parser = TemplateParser(source)
        self.segments = try parser.parse()
        self.source = source
        var columns = Set<String>()
        for case .placeholder(let column, _) in segments { columns.insert(column) }
        self.referencedColumns = columns
    }

    /// Renders the template for one row of `columns` (header name → value).
    ///
    /// Values are used as they are; the date filters read them in `timeZone` when they carry
    /// no offset and write them in `timeZone` and `locale`.
    public func render(_ columns: [String: String], timeZone: TimeZone, locale: Locale) throws(TemplateError) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text):
                output += text
            case .placeholder(let column, let filters):
                var value = columns[column].flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
                for filter in filters {
                    value = try filter.apply(value, column: column, timeZone: timeZone, locale: locale)
                }
                guard let value else { throw .missingValue(column: column) }
                output += value
            }
        }
        return output
    }
}
