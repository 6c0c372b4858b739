/// A template that cannot be parsed, or a row it cannot be rendered for.
///
/// Descriptions name columns and filters, never a row's values.
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `{{` without its closing `}}`; the offset is the 1-based character position of `{{`.
    case unterminatedPlaceholder(offset: Int)
    /// `{{ }}` with no column name.
    case emptyPlaceholder(offset: Int)
    /// Text in a placeholder that is not `column | filter …`.
    case syntax(offset: Int, message: String)
    /// A filter name not in the list of filters.
    case unknownFilter(String)
    /// A filter given a value it does not take, or missing one it needs.
    case filterArgument(filter: String, message: String)
    /// The row has no value (absent or empty) for a column and no `default` supplies one.
    case missingValue(column: String)
    /// A `date`, `time` or `datetime` filter on a value that is no appointment time.
    case invalidDateTime(column: String, reason: AppointmentTimeError)

    /// A human reason.
    public var description: String {
        switch self {
        case .unterminatedPlaceholder(let offset):
            "unterminated {{ at character \(offset)"
        case .emptyPlaceholder(let offset):
            "empty {{ }} at character \(offset)"
        case .syntax(let offset, let message):
            "\(message) at character \(offset)"
        case .unknownFilter(let name):
            "unknown filter \"\(name)\" (known: \(TemplateFilter.names.joined(separator: ", ")))"
        case .filterArgument(let filter, let message):
            "filter \"\(filter)\" \(message)"
        case .missingValue(let column):
            "missing value for column \(column)"
        case .invalidDateTime(let column, let reason):
            "column \(column): \(reason)"
        }
    }
}
