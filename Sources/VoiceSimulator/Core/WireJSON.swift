import Foundation
import JSON

/// A JSON value written with keys in the order given, so answers read like the provider's docs.
enum WireJSON: Sendable, Equatable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case null
    case array([WireJSON])
    case object([(String, WireJSON)])

    static func == (lhs: WireJSON, rhs: WireJSON) -> Bool { lhs.text == rhs.text }

    var bytes: [UInt8] { Array(text.utf8) }

    var text: String {
        switch self {
        case .string(let value): JSONString.quoted(value)
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .null: "null"
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .object(let fields): "{" + fields.map { JSONString.quoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    /// An optional field's value, or `null`.
    static func optional(_ value: String?) -> WireJSON { value.map(WireJSON.string) ?? .null }
    static func optional(_ value: Int?) -> WireJSON { value.map(WireJSON.int) ?? .null }
}
