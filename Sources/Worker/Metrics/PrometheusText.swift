/// Writes metrics in the Prometheus text exposition format (version 0.0.4).
struct PrometheusText {
    private(set) var text = ""

    /// The `Content-Type` scrapers expect for this format.
    static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Starts a metric family with its help line and type.
    mutating func family(_ name: String, type: String, help: String) {
        text += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    /// Adds one sample.
    mutating func sample(_ name: String, _ labels: KeyValuePairs<String, String> = [:], _ value: Int64) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.key)=\"\(Self.escape($0.value))\"" }.joined(separator: ",") + "}"
        }
        text += " \(value)\n"
    }

    /// Label values escape backslash, double quote and newline.
    static func escape(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }
}
