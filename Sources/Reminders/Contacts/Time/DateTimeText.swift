import Timestamps

/// The fields of an ISO 8601 date-time, scanned from bytes without Foundation's formatters.
struct DateTimeText: Equatable {
    var year = 0, month = 0, day = 0
    var hour = 0, minute = 0, second = 0
    var fraction = 0.0
    /// Seconds east of UTC; nil for a local date-time.
    var offsetSeconds: Int?

    /// The longest fraction of a second read (nanoseconds).
    static let maxFractionDigits = 9

    /// Scans `YYYY-MM-DD[T| ]hh:mm[:ss[.fff]][Z|±hh[:]mm|±hh]`, ignoring surrounding spaces.
    static func parse(_ text: String) throws(AppointmentTimeError) -> DateTimeText {
        var scanner = ByteScanner(text.utf8)
        var result = DateTimeText()
        scanner.skipSpaces()
        guard let year = scanner.number(digits: 4), scanner.take("-"),
              let month = scanner.number(digits: 2), scanner.take("-"),
              let day = scanner.number(digits: 2),
              scanner.take("T") || scanner.take("t") || scanner.take(" "),
              let hour = scanner.number(digits: 2), scanner.take(":"),
              let minute = scanner.number(digits: 2)
        else { throw .invalidFormat }
        guard (1...12).contains(month), (1...CivilDate.daysInMonth(year: year, month: month)).contains(day) else {
            throw .invalidDate
        }
        (result.year, result.month, result.day, result.hour, result.minute) = (year, month, day, hour, minute)
        if scanner.take(":") {
            guard let second = scanner.number(digits: 2) else { throw .invalidFormat }
            result.second = second
            if scanner.take(".") || scanner.take(",") {
                result.fraction = try scanner.fraction(maxDigits: maxFractionDigits)
            }
        }
        guard hour <= 23, minute <= 59, result.second <= 59 else { throw .invalidTime }
        result.offsetSeconds = try scanner.offset()
        scanner.skipSpaces()
        guard scanner.atEnd else { throw .invalidFormat }
        return result
    }
}

/// A cursor over UTF-8 bytes for the fixed-width fields of a date-time.
private struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ utf8: String.UTF8View) {
        bytes = Array(utf8)
    }

    var atEnd: Bool { index == bytes.count }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") { index += 1 }
    }

    mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    /// Exactly `digits` decimal digits.
    mutating func number(digits: Int) -> Int? {
        guard index + digits <= bytes.count else { return nil }
        var value = 0
        for byte in bytes[index..<index + digits] {
            guard let digit = Self.digit(byte) else { return nil }
            value = value * 10 + digit
        }
        index += digits
        return value
    }

    mutating func fraction(maxDigits: Int) throws(AppointmentTimeError) -> Double {
        var value = 0.0
        var scale = 1.0
        var count = 0
        while index < bytes.count, let digit = Self.digit(bytes[index]) {
            count += 1
            guard count <= maxDigits else { throw .invalidFormat }
            scale /= 10
            value += Double(digit) * scale
            index += 1
        }
        guard count > 0 else { throw .invalidFormat }
        return value
    }

    /// `Z`, `±hh:mm`, `±hhmm` or `±hh`; nil when no offset follows.
    mutating func offset() throws(AppointmentTimeError) -> Int? {
        if take("Z") || take("z") { return 0 }
        let sign: Int
        if take("+") {
            sign = 1
        } else if take("-") {
            sign = -1
        } else {
            return nil
        }
        guard let hours = number(digits: 2) else { throw .invalidOffset }
        var minutes = 0
        if take(":") {
            guard let value = number(digits: 2) else { throw .invalidOffset }
            minutes = value
        } else if let value = number(digits: 2) {
            minutes = value
        }
        let seconds = hours * 3600 + minutes * 60
        guard minutes <= 59, seconds <= AppointmentTime.maxOffsetSeconds else { throw .invalidOffset }
        return sign * seconds
    }

    private static func digit(_ byte: UInt8) -> Int? {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
    }
}
