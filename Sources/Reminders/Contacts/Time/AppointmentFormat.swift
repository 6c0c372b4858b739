import Timestamps

/// A pattern for local appointment times as a practice system exports them, such as
/// `M/D/YYYY h:mm A` or `DD.MM.YYYY HH:mm` (the campaign's `appointment_format`).
///
/// Tokens: `YYYY` year; `MM`/`M` month with or without a leading zero; `DD`/`D` day; `HH`/`H`
/// hour 0-23; `hh`/`h` hour 1-12 with `A` (AM/PM, any capitals); `mm` minutes; `ss` seconds. A
/// space matches one or more spaces; any other character matches itself. Nothing is guessed: a
/// value that does not match the pattern exactly is refused, and `03/04` is read only the way
/// the pattern says. Two-digit years are not offered: 26 could be 1926 or 2026.
public struct AppointmentFormat: Sendable, Equatable, CustomStringConvertible {
    enum Token: Equatable {
        case year, month(padded: Bool), day(padded: Bool), hour(padded: Bool), hour12(padded: Bool)
        case minute, second, meridiem, spaces, literal(UInt8)

        /// Whether the token reads a variable number of digits (1 or 2).
        var isVariableWidth: Bool {
            switch self {
            case .month(false), .day(false), .hour(false), .hour12(false): true
            default: false
            }
        }

        var readsDigits: Bool {
            switch self {
            case .meridiem, .spaces, .literal: false
            default: true
            }
        }
    }

    /// The pattern as the campaign file writes it.
    public let pattern: String
    let tokens: [Token]

    /// The tokens, longest first so that `YYYY` is not read as four `Y`s.
    private static let names: [(String, Token)] = [
        ("YYYY", .year), ("MM", .month(padded: true)), ("DD", .day(padded: true)), ("HH", .hour(padded: true)),
        ("hh", .hour12(padded: true)), ("mm", .minute), ("ss", .second),
        ("M", .month(padded: false)), ("D", .day(padded: false)), ("H", .hour(padded: false)), ("h", .hour12(padded: false)),
        ("A", .meridiem),
    ]

    /// Reads `pattern`, or says what is wrong with it.
    public init(pattern: String) throws(AppointmentFormatError) {
        var tokens: [Token] = []
        var rest = Substring(pattern)
        while let first = rest.first {
            if let (name, token) = Self.names.first(where: { rest.hasPrefix($0.0) }) {
                tokens.append(token)
                rest = rest.dropFirst(name.count)
            } else if first == " " {
                if tokens.last != .spaces { tokens.append(.spaces) }
                rest = rest.dropFirst()
            } else if first.isLetter {
                let run = rest.prefix { $0 == first }
                throw first == "Y" ? .twoDigitYear : .unknownToken(String(run))
            } else if let ascii = first.asciiValue, !first.isNumber {
                tokens.append(.literal(ascii))
                rest = rest.dropFirst()
            } else {
                throw .unknownToken(String(first))
            }
        }
        func has(_ test: (Token) -> Bool) -> Bool { tokens.contains(where: test) }
        let hasMonth = has { if case .month = $0 { true } else { false } }
        let hasDay = has { if case .day = $0 { true } else { false } }
        let has24 = has { if case .hour = $0 { true } else { false } }
        let has12 = has { if case .hour12 = $0 { true } else { false } }
        guard has({ $0 == .year }), hasMonth, hasDay else { throw .missingDate }
        guard has24 || has12 else { throw .missingHour }
        guard !(has24 && has12) else { throw .twoHours }
        guard has12 == has({ $0 == .meridiem }) else { throw .meridiemWithout12HourClock }
        for (token, next) in zip(tokens, tokens.dropFirst()) where token.isVariableWidth && next.readsDigits {
            throw .ambiguousDigits
        }
        self.pattern = pattern
        self.tokens = tokens
    }

    public var description: String { pattern }

    /// The date-time fields of `text` (surrounding spaces ignored), or nil when it does not match.
    func fields(_ text: String) throws(AppointmentTimeError) -> DateTimeText {
        let bytes = Array(text.utf8)
        var index = 0
        var end = bytes.count
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
        while end > index, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        var result = DateTimeText()
        var hour12: Int?
        var afternoon: Bool?

        func digits(_ minimum: Int, _ maximum: Int) -> Int? {
            var value = 0
            var count = 0
            while count < maximum, index < end, (48...57).contains(bytes[index]) {
                value = value * 10 + Int(bytes[index] - 48)
                index += 1
                count += 1
            }
            return count >= minimum ? value : nil
        }
        let mismatch = AppointmentTimeError.notInFormat(pattern)
        for token in tokens {
            switch token {
            case .year: guard let value = digits(4, 4) else { throw mismatch }; result.year = value
            case .month(let padded): guard let value = digits(padded ? 2 : 1, 2) else { throw mismatch }; result.month = value
            case .day(let padded): guard let value = digits(padded ? 2 : 1, 2) else { throw mismatch }; result.day = value
            case .hour(let padded): guard let value = digits(padded ? 2 : 1, 2) else { throw mismatch }; result.hour = value
            case .hour12(let padded): guard let value = digits(padded ? 2 : 1, 2) else { throw mismatch }; hour12 = value
            case .minute: guard let value = digits(2, 2) else { throw mismatch }; result.minute = value
            case .second: guard let value = digits(2, 2) else { throw mismatch }; result.second = value
            case .meridiem:
                guard index + 2 <= end else { throw mismatch }
                let pair = String(decoding: bytes[index..<min(index + 2, end)], as: UTF8.self).uppercased()
                guard pair == "AM" || pair == "PM" else { throw mismatch }
                afternoon = pair == "PM"
                index += 2
            case .spaces:
                guard index < end, bytes[index] == UInt8(ascii: " ") else { throw mismatch }
                while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
            case .literal(let byte):
                guard index < end, bytes[index] == byte else { throw mismatch }
                index += 1
            }
        }
        guard index == end else { throw mismatch }
        if let hour12, let afternoon {
            guard (1...12).contains(hour12) else { throw .invalidTime }
            result.hour = hour12 % 12 + (afternoon ? 12 : 0)
        }
        guard (1...12).contains(result.month),
            (1...CivilDate.daysInMonth(year: result.year, month: result.month)).contains(result.day)
        else { throw .invalidDate }
        guard result.hour <= 23, result.minute <= 59, result.second <= 59 else { throw .invalidTime }
        return result
    }
}

/// Why an `appointment_format` pattern was refused.
public enum AppointmentFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownToken(String)
    case twoDigitYear
    case missingDate
    case missingHour
    case twoHours
    case meridiemWithout12HourClock
    case ambiguousDigits

    public var description: String {
        switch self {
        case .unknownToken(let token):
            "unknown token \"\(token)\" (tokens: YYYY MM M DD D HH H hh h mm ss A)"
        case .twoDigitYear: "two-digit years are not read (26 could be 1926 or 2026): use YYYY"
        case .missingDate: "needs a year (YYYY), a month (MM or M) and a day (DD or D)"
        case .missingHour: "needs an hour (HH, H, hh or h)"
        case .twoHours: "has both a 24-hour (H) and a 12-hour (h) hour"
        case .meridiemWithout12HourClock: "a 12-hour hour (hh, h) goes with A (AM/PM), and A only with it"
        case .ambiguousDigits: "M, D, H or h (one or two digits) must not be followed directly by more digits"
        }
    }
}
