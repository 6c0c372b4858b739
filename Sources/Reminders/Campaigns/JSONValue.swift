import Foundation

/// A parsed JSON value with booleans, integers and fractions told apart.
///
/// JSONSerialization on Linux returns NSNumber for all three; this is the one place that sorts
/// them out, so `true` can never pass for `1` nor `600.0` for an integer.
enum JSONValue: Equatable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case integer(Int)
    case fraction(Double)
    case bool(Bool)
    case null

    /// Parses a JSON document, or returns the parser's complaint.
    static func parse(_ data: Data) -> Result<JSONValue, JSONParseFailure> {
        do {
            let object = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return .success(JSONValue(foundation: object))
        } catch {
            return .failure(JSONParseFailure())
        }
    }

    private static let booleanType = ObjectIdentifier(type(of: NSNumber(value: true)))

    private init(foundation value: Any) {
        switch value {
        case let dictionary as [String: Any]:
            self = .object(dictionary.mapValues(JSONValue.init(foundation:)))
        case let array as [Any]:
            self = .array(array.map(JSONValue.init(foundation:)))
        case let string as String:
            self = .string(string)
        case let number as NSNumber:
            self = Self.classify(number)
        default:
            self = .null
        }
    }

    private static func classify(_ number: NSNumber) -> JSONValue {
        if ObjectIdentifier(type(of: number)) == booleanType { return .bool(number.boolValue) }
        switch String(cString: number.objCType) {
        case "d", "f":
            return .fraction(number.doubleValue)
        case "Q" where number.uint64Value > UInt64(Int.max):
            return .fraction(number.doubleValue)
        default:
            return .integer(number.intValue)
        }
    }

    /// The JSON type name used in error messages.
    var typeName: String {
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
}

/// The document is not JSON; the parser's own text is dropped because it may quote the data.
struct JSONParseFailure: Error {}
