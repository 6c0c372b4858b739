/// Any JSON value, with integers and fractions told apart (`600` is not `600.0`, and `true` is
/// never `1`): provider answers are read tolerantly through the accessors, campaign files
/// strictly through the cases.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number without fraction or exponent that fits an `Int`.
    case integer(Int)
    /// Any other number.
    case fraction(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `bytes` as JSON (strictly, `JSONParser`), or nil when they are not JSON.
    public static func parse(_ bytes: [UInt8]) -> JSONValue? {
        JSONParser.parse(bytes)
    }

    /// Parses `bytes` as JSON (strictly, `JSONParser`), or says where and why they are not.
    public static func parseDocument(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        try JSONParser.document(bytes)
    }

    /// The members, when this is an object.
    public var object: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }

    /// The text, when this is a string.
    public var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// An integer, also from a whole fraction (`42.0`) or a whole-number string (`"42"`), since
    /// providers vary.
    public var integer: Int? {
        switch self {
        case .integer(let value): value
        case .fraction(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        case .string(let value): Int(value)
        default: nil
        }
    }

    /// The flag, when this is true or false.
    public var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    /// The kind of value, as error messages name it ("an integer", "a string").
    public var typeName: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .integer: "an integer"
        case .fraction: "a number with a fraction"
        case .bool: "a boolean"
        case .null: "null"
        }
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
