import Foundation

/// One step of a placeholder's filter chain, such as `time` or `default:"soon"`.
///
/// Date filters read the value as an appointment time (see `AppointmentTime`) and write it in
/// the contact's zone and the campaign's locale, in these styles (en_US shown):
/// `date` "Thursday, November 26, 2026", `time` "9:30 AM",
/// `datetime` "Thursday, November 26, 2026 at 9:30 AM".
enum TemplateFilter: Sendable, Equatable {
    case date, time, datetime, upper, lower
    /// Supplies a value when the column is absent or empty.
    case defaultValue(String)

    /// Filter names as written in templates, for error messages.
    static let names = ["date", "time", "datetime", "upper", "lower", "default"]

    /// The filter named `name`, with its argument if it takes one.
    static func named(_ name: String, argument: String?) throws(TemplateError) -> TemplateFilter {
        let filter: TemplateFilter
        switch name {
        case "date": filter = .date
        case "time": filter = .time
        case "datetime": filter = .datetime
        case "upper": filter = .upper
        case "lower": filter = .lower
        case "default":
            guard let argument else {
                throw .filterArgument(filter: name, message: "needs a quoted value, as in default:\"soon\"")
            }
            return .defaultValue(argument)
        default:
            throw .unknownFilter(name)
        }
        guard argument == nil else { throw .filterArgument(filter: name, message: "takes no value") }
        return filter
    }

    /// Applies the filter to a value (nil when the column is absent or empty).
    func apply(
        _ value: String?, column: String, timeZone: TimeZone, locale: Locale
    ) throws(TemplateError) -> String? {
        switch self {
        case .defaultValue(let fallback):
            return value ?? fallback
        case .upper:
            return value?.uppercased(with: locale)
        case .lower:
            return value?.lowercased(with: locale)
        case .date, .time, .datetime:
            guard let value else { return nil }
            let instant: Date
            do {
                instant = try AppointmentTime.parse(value, timeZone: timeZone)
            } catch {
                throw .invalidDateTime(column: column, reason: error)
            }
            return format(instant, timeZone: timeZone, locale: locale)
        }
    }

    /// Formats with `Date.FormatStyle`: a Sendable value for which Foundation keeps the ICU
    /// formatter cached per style, so rendering a million rows needs no cache of our own.
    private func format(_ instant: Date, timeZone: TimeZone, locale: Locale) -> String {
        let styles: (Date.FormatStyle.DateStyle, Date.FormatStyle.TimeStyle) =
            switch self {
            case .date: (.complete, .omitted)
            case .time: (.omitted, .shortened)
            default: (.complete, .shortened)
            }
        let style = Date.FormatStyle(
            date: styles.0, time: styles.1, locale: locale, calendar: locale.calendar, timeZone: timeZone)
        // ICU puts narrow no-break spaces before "AM"; plain spaces read the same and survive
        // every terminal, CSV report and speech engine.
        return String(String.UnicodeScalarView(instant.formatted(style).unicodeScalars.map {
            $0 == "\u{202F}" || $0 == "\u{00A0}" ? " " : $0
        }))
    }
}
