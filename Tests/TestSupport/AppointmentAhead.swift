import Foundation

/// Appointment times for the files and rows a test writes: a number of days after the present,
/// so they never pass, whatever day the tests run on.
public enum AppointmentAhead {
    /// `days` after today (UTC) at `hour`:`minute` UTC, in ISO 8601 with `Z`.
    public static func utc(days: Int = 60, hour: Int = 10, minute: Int = 30) -> String {
        "\(date(days: days))T\(twoDigits(hour)):\(twoDigits(minute)):00Z"
    }

    /// The same civil date and time without a zone (`YYYY-MM-DDTHH:MM`), as an export writes
    /// times read in the contact's own zone. 10:00 is never in a daylight-saving gap.
    public static func local(days: Int = 60, hour: Int = 10, minute: Int = 0) -> String {
        "\(date(days: days))T\(twoDigits(hour)):\(twoDigits(minute))"
    }

    private static func date(days: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(Double(days) * 86_400))
        return "\(parts.year ?? 0)-\(twoDigits(parts.month ?? 0))-\(twoDigits(parts.day ?? 0))"
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
