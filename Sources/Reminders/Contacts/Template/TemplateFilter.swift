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
        return Self.plainSpaces(instant.formatted(style))
    }

    /// Replaces the no-break spaces ICU puts before "AM" (U+202F, U+00A0) with plain spaces,
    /// which read the same and survive every terminal, CSV report and speech engine.
    static func plainSpaces(_ text: String) -> String {
        let utf8 = Array(text.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(utf8.count)
        var index = 0
        while index < utf8.count {
            if utf8[index] == 0xE2, index + 2 < utf8.count, utf8[index + 1] == 0x80, utf8[index + 2] == 0xAF {
                output.append(0x20)
                index += 3
            } else if utf8[index] == 0xC2, index + 1 < utf8.count, utf8[index + 1] == 0xA0 {
                output.append(0x20)
                index += 2
            } else {
                output.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
