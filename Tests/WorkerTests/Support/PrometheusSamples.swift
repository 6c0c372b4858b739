/// Reads Prometheus text format strictly enough to catch a malformed page: every line is a
/// `# HELP`/`# TYPE` comment or `name{labels} integer`.
enum PrometheusSamples {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [String: Int64] {
        var samples: [String: Int64] = [:]
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") { continue }
            guard let space = line.lastIndex(of: " "), let value = Int64(line[line.index(after: space)...]) else {
                throw ParseError(description: "bad sample line: \(line)")
            }
            let key = String(line[..<space])
            let name = key.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            guard !name.isEmpty, key == name || (key.dropFirst(name.count).hasPrefix("{") && key.hasSuffix("}")) else {
                throw ParseError(description: "bad metric name or labels: \(line)")
            }
            samples[key] = value
        }
        return samples
    }
}
