public import Foundation

/// Instants as RFC 3339 / ISO 8601 text (`2026-11-25T01:27:56.123456Z`), read and written by hand.
///
/// Foundation's ISO8601DateFormatter costs microseconds per call and must not be shared across
/// threads; these functions run on every webhook, log line, COPY row and report row.
public enum InternetTimestamp {
    /// `2026-11-25T01:27:56Z`, or with 3 or 6 fraction digits (`…56.123Z`, `…56.123456Z`); UTC.
    ///
    /// The last digit is truncated unless `rounding` says otherwise; the database's binding
    /// rounds to the nearest microsecond, as Postgres reads a longer fraction.
    public static func format(
        _ date: Date, fractionDigits: Int = 0, rounding: FloatingPointRoundingRule = .down
    ) -> String {
        let scale = [0: 1, 3: 1_000, 6: 1_000_000][fractionDigits] ?? 1
        let totalUnits = Int((date.timeIntervalSince1970 * Double(scale)).rounded(rounding))
        var seconds = totalUnits / scale
        var fraction = totalUnits % scale
        if fraction < 0 { fraction += scale; seconds -= 1 }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = CivilDate.date(daysSinceEpoch: days)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(28)
        func put(_ value: Int, _ width: Int) {
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
            var value = value
            for index in stride(from: width - 1, through: 0, by: -1) {
                digits[index] = UInt8(ascii: "0") + UInt8(value % 10)
                value /= 10
            }
            bytes += digits
        }
        put(year, 4); bytes.append(UInt8(ascii: "-"))
        put(month, 2); bytes.append(UInt8(ascii: "-"))
        put(day, 2); bytes.append(UInt8(ascii: "T"))
        put(secondOfDay / 3600, 2); bytes.append(UInt8(ascii: ":"))
        put(secondOfDay / 60 % 60, 2); bytes.append(UInt8(ascii: ":"))
        put(secondOfDay % 60, 2)
        if scale > 1 {
            bytes.append(UInt8(ascii: "."))
            put(fraction, fractionDigits)
        }
        bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Reads `YYYY-MM-DD(T| )HH:MM:SS[.fraction](Z|±HH[:MM[:SS]])`; without an offset the text is
    /// read as UTC only when `assumingUTC` (Postgres `timestamp` columns), else it is refused.
    public static func parse(_ text: String, assumingUTC: Bool = false) -> Date? {
        var text = text
        return text.withUTF8 { parse($0, assumingUTC: assumingUTC) }
    }

    /// `parse` over UTF-8 bytes, for callers that hold a buffer (libpq results).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, assumingUTC: Bool = false) -> Date? {
        var scanner = Scanner(bytes: bytes)
        guard let year = scanner.digits(4), scanner.skip("-"), let month = scanner.digits(2), scanner.skip("-"),
              let day = scanner.digits(2), (1...12).contains(month),
              (1...CivilDate.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        var seconds = CivilDate.daysSinceEpoch(year: year, month: month, day: day) * 86_400
        var fraction = 0.0
        var hasOffset = false
        if scanner.skip(" ") || scanner.skip("T") || scanner.skip("t") {
            guard let hour = scanner.digits(2), scanner.skip(":"), let minute = scanner.digits(2), scanner.skip(":"),
                  let second = scanner.digits(2), hour <= 24, minute <= 59, second <= 60 else { return nil }
            seconds += hour * 3600 + minute * 60 + second
            if scanner.skip(".") {
                var scale = 0.1
                var count = 0
                while let digit = scanner.digit() {
                    fraction += Double(digit) * scale
                    scale /= 10
                    count += 1
                }
                guard count > 0 else { return nil }
            }
            if scanner.skip("Z") || scanner.skip("z") {
                hasOffset = true
            } else if let sign = scanner.sign() {
                guard let hours = scanner.digits(2) else { return nil }
                var offset = hours * 3600
                if scanner.skip(":") {
                    guard let minutes = scanner.digits(2) else { return nil }
                    offset += minutes * 60
                    if scanner.skip(":") {
                        guard let extra = scanner.digits(2) else { return nil }
                        offset += extra
                    }
                } else if let minutes = scanner.digits(2) {
                    offset += minutes * 60
                }
                seconds -= sign * offset
                hasOffset = true
            }
        }
        guard scanner.atEnd, hasOffset || assumingUTC else { return nil }
        return Date(timeIntervalSince1970: Double(seconds) + fraction)
    }
}

/// A cursor over ASCII bytes.
private struct Scanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var atEnd: Bool { index == bytes.count }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    mutating func digit() -> Int? {
        guard index < bytes.count else { return nil }
        let value = bytes[index] &- UInt8(ascii: "0")
        guard value < 10 else { return nil }
        index += 1
        return Int(value)
    }

    mutating func digits(_ count: Int) -> Int? {
        var value = 0
        for _ in 0..<count {
            guard let next = digit() else { return nil }
            value = value * 10 + next
        }
        return value
    }

    mutating func sign() -> Int? {
        if skip("+") { return 1 }
        if skip("-") { return -1 }
        return nil
    }
}
