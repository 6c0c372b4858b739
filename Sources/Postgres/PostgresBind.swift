public import Foundation

/// A bind parameter as libpq receives it: a type OID and the value in Postgres text format.
public struct PostgresBind: Sendable, Equatable {
    /// The parameter's type OID; `.unknown` lets the server infer it, as for a quoted literal.
    public var type: PostgresType
    /// The value in text format; `nil` is SQL NULL.
    public var text: String?

    public init(type: PostgresType, text: String?) {
        self.type = type
        self.text = text
    }
}

/// The type OIDs this module binds and decodes (values from `pg_type`, fixed since PostgreSQL 8).
public struct PostgresType: Sendable, Hashable {
    public let oid: UInt32
    public init(oid: UInt32) { self.oid = oid }

    public static let unknown = PostgresType(oid: 0)
    public static let bool = PostgresType(oid: 16)
    public static let bytea = PostgresType(oid: 17)
    public static let int8 = PostgresType(oid: 20)
    public static let int4 = PostgresType(oid: 23)
    public static let text = PostgresType(oid: 25)
    public static let float8 = PostgresType(oid: 701)
    public static let timestamptz = PostgresType(oid: 1184)
    public static let uuid = PostgresType(oid: 2950)
    public static let jsonb = PostgresType(oid: 3802)
    public static let textArray = PostgresType(oid: 1009)
    public static let int8Array = PostgresType(oid: 1016)
}

/// A Swift value that can be sent as a bind parameter.
public protocol PostgresEncodable: Sendable {
    /// The type the parameter is declared as.
    static var postgresType: PostgresType { get }
    /// The value in Postgres text format.
    var postgresText: String { get }
}

extension PostgresEncodable {
    /// The bind for this value.
    public var postgresBind: PostgresBind { PostgresBind(type: Self.postgresType, text: postgresText) }
}

/// Strings go as `unknown`, like a quoted literal, so they fit text, varchar, jsonb, uuid and enum columns alike.
extension String: PostgresEncodable {
    public static var postgresType: PostgresType { .unknown }
    public var postgresText: String { self }
}

extension Substring: PostgresEncodable {
    public static var postgresType: PostgresType { .unknown }
    public var postgresText: String { String(self) }
}

extension Int: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }
}

extension Int64: PostgresEncodable {
    public static var postgresType: PostgresType { .int8 }
    public var postgresText: String { String(self) }
}

extension Int32: PostgresEncodable {
    public static var postgresType: PostgresType { .int4 }
    public var postgresText: String { String(self) }
}

extension Double: PostgresEncodable {
    public static var postgresType: PostgresType { .float8 }
    /// Swift prints the shortest text that reads back to the same double; Postgres spells infinities its own way.
    public var postgresText: String {
        if isNaN { return "NaN" }
        if isInfinite { return self > 0 ? "Infinity" : "-Infinity" }
        return String(self)
    }
}

extension Bool: PostgresEncodable {
    public static var postgresType: PostgresType { .bool }
    public var postgresText: String { self ? "true" : "false" }
}

extension Date: PostgresEncodable {
    public static var postgresType: PostgresType { .timestamptz }
    public var postgresText: String { PostgresTimestamp.format(self) }
}

extension UUID: PostgresEncodable {
    public static var postgresType: PostgresType { .uuid }
    public var postgresText: String { uuidString }
}

/// Bytes go as `bytea` in hex format (`\x0a1b…`).
extension Data: PostgresEncodable {
    public static var postgresType: PostgresType { .bytea }
    public var postgresText: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        out.reserveCapacity(2 + count * 2)
        for byte in self {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Arrays of strings go as `text[]`, for `= ANY(\(values))`.
extension Array: PostgresEncodable where Element == String {
    public static var postgresType: PostgresType { .textArray }
    /// An array literal with every element quoted; built as UTF-8 bytes, which is safe because the
    /// two bytes escaped (quote and backslash) never occur inside a multi-byte character.
    public var postgresText: String {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        bytes.reserveCapacity(reduce(2) { $0 + $1.utf8.count + 3 })
        for (index, element) in enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(quote)
            for byte in element.utf8 {
                if byte == quote || byte == backslash { bytes.append(backslash) }
                bytes.append(byte)
            }
            bytes.append(quote)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A Codable value stored as `jsonb`.
public struct PostgresJSON<Value: Codable & Sendable>: PostgresEncodable, PostgresDecodable, Sendable {
    public var value: Value

    public init(_ value: Value) { self.value = value }

    public static var postgresType: PostgresType { .jsonb }

    public var postgresText: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a Codable value into JSON only fails for non-finite floats; store null then.
        guard let data = try? encoder.encode(value) else { return "null" }
        return String(decoding: data, as: UTF8.self)
    }

    public static func decode(postgresText text: UnsafeBufferPointer<UInt8>) -> PostgresJSON? {
        guard let value = try? JSONDecoder().decode(Value.self, from: Data(text)) else { return nil }
        return PostgresJSON(value)
    }
}
