public import Foundation

/// A Swift type that a result column in text format decodes into.
public protocol PostgresDecodable {
    /// Decodes the column's text; `nil` means the text is not a valid value of this type.
    static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Self?
    /// The value for SQL NULL, or `nil` when NULL is not allowed (only `Optional` allows it).
    static var postgresNull: Self? { get }
}

extension PostgresDecodable {
    public static var postgresNull: Self? { nil }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Wrapped?? {
        Wrapped.decode(postgresText: text).map { .some($0) }
    }
    public static var postgresNull: Wrapped?? { .some(nil) }
}

extension String: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> String? {
        String(decoding: text, as: UTF8.self)
    }
}

/// Parses a decimal integer from ASCII bytes without building a String.
private func parseInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
    guard !text.isEmpty else { return nil }
    var index = 0
    var negative = false
    if text[0] == UInt8(ascii: "-") { negative = true; index = 1 }
    guard index < text.count else { return nil }
    var value: Int64 = 0
    while index < text.count {
        let digit = text[index] &- UInt8(ascii: "0")
        guard digit < 10 else { return nil }
        let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
        let (next, overflow2) = negative
            ? times10.subtractingReportingOverflow(Int64(digit))
            : times10.addingReportingOverflow(Int64(digit))
        guard !overflow1, !overflow2 else { return nil }
        value = next
        index += 1
    }
    return value
}

extension Int64: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int64? {
        parseInteger(text)
    }
}

extension Int: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int? {
        parseInteger(text).flatMap { Int(exactly: $0) }
    }
}

extension Int32: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Int32? {
        parseInteger(text).flatMap { Int32(exactly: $0) }
    }
}

extension Double: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Double? {
        // numeric, float4 and float8 all print a form Double(String) reads, bar the spelled-out specials.
        switch String(decoding: text, as: UTF8.self) {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        case let other: return Double(other)
        }
    }
}

extension Bool: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard text.count == 1 else { return nil }
        switch text[0] {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: return nil
        }
    }
}

extension Date: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Date? {
        PostgresTimestamp.parse(text)
    }
}

extension UUID: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> UUID? {
        UUID(uuidString: String(decoding: text, as: UTF8.self))
    }
}

/// `bytea` in hex output format (`\x…`, the default since PostgreSQL 9.0).
extension Data: PostgresDecodable {
    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> Data? {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x"),
              text.count % 2 == 0 else { return nil }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
            default: return nil
            }
        }
        var out = Data(capacity: (text.count - 2) / 2)
        var index = 2
        while index < text.count {
            guard let high = nibble(text[index]), let low = nibble(text[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        return out
    }
}
