/// JSON string literals for the JSON this project writes by hand (reports, the simulator's
/// answers, stored payloads): one escaping rule everywhere.
public enum JSONString {
    /// `text` as a JSON string literal: quotes, backslashes and control characters escaped,
    /// everything else (including non-ASCII) as it is.
    public static func quoted(_ text: String) -> String {
        // Most values need no escaping: skip the per-scalar walk for them (a million report rows).
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            return "\"" + text + "\""
        }
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
