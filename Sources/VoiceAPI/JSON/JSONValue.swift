import Foundation

/// Any JSON value, for decoding provider answers tolerantly (field aliases, unknown fields).
enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses `bytes` as JSON, or nil when they are not JSON.
    ///
    /// Through `JSONSerialization`, which builds the tree in one pass: a `Decodable` enum has to try
    /// each case in turn, throwing for every miss, and cost six times as much per webhook.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        guard let tree = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed) else { return nil }
        return JSONValue(tree)
    }

    /// Converts what `JSONSerialization` produced; nil for anything it never produces.
    private init?(_ tree: Any) {
        switch tree {
        case is NSNull:
            self = .null
        case let string as String:
            self = .string(string)
        case let number as NSNumber:
            // JSON true and false come back as NSNumbers of type char ("c"); numbers never do.
            self = String(cString: number.objCType) == "c" ? .bool(number.boolValue) : .number(number.doubleValue)
        case let array as [Any]:
            var values: [JSONValue] = []
            values.reserveCapacity(array.count)
            for element in array {
                guard let value = JSONValue(element) else { return nil }
                values.append(value)
            }
            self = .array(values)
        case let object as [String: Any]:
            var values: [String: JSONValue] = [:]
            values.reserveCapacity(object.count)
            for (key, element) in object {
                guard let value = JSONValue(element) else { return nil }
                values[key] = value
            }
            self = .object(values)
        default:
            return nil
        }
    }

    var object: [String: JSONValue]? {
        if case .object(let value) = self { value } else { nil }
    }

    var string: String? {
        if case .string(let value) = self { value } else { nil }
    }

    /// An integer, also from a whole-number string ("42") since providers vary.
    var integer: Int? {
        switch self {
        case .number(let value) where value.rounded() == value && abs(value) < 1e15: Int(value)
        case .string(let value): Int(value)
        default: nil
        }
    }

    var bool: Bool? {
        if case .bool(let value) = self { value } else { nil }
    }

    var array: [JSONValue]? {
        if case .array(let value) = self { value } else { nil }
    }
}

extension [String: JSONValue] {
    /// The first non-empty string among `keys`, so aliases like `call_id` / `session_id` both work.
    func firstString(_ keys: String...) -> String? {
        for key in keys {
            if let value = self[key]?.string, !value.isEmpty { return value }
        }
        return nil
    }
}
