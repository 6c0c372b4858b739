/// Any JSON value, for reading provider answers tolerantly (field aliases, unknown fields).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `bytes` as JSON (strictly, `JSONParser`), or nil when they are not JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        JSONParser.parse(bytes)
    }

    /// The members, when this is an object.
    public var object: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The text, when this is a string.
    public var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// An integer, also from a whole-number string ("42") since providers vary.
    public var integer: Int? {
        switch self {
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        case .string(let value): Int(value)
        default: nil
        }
    }

    /// The flag, when this is true or false.
    public var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The elements, when this is an array.
    public var array: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }
}

extension [String: JSONValue] {
    /// The first non-empty string among `keys`, so aliases like `call_id` / `session_id` both work.
    public func firstString(_ keys: String...) -> String? {
        for key in keys {
            if let value = self[key]?.string, !value.isEmpty { return value }
        }
        return nil
    }
}
