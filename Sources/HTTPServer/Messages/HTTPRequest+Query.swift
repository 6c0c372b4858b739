import Foundation

extension HTTPRequest {
    /// The query's `name=value` pairs in order, percent-decoded.
    ///
    /// `+` is kept as a plus sign, not read as a space: E.164 phone numbers start with `+`.
    /// A pair that is not valid percent-encoded UTF-8 is kept as sent.
    public var queryParameters: [(name: String, value: String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            let value = parts.count > 1 ? String(parts[1]) : ""
            return (name.removingPercentEncoding ?? name, value.removingPercentEncoding ?? value)
        }
    }

    /// The first value of the query parameter `name` (case-sensitive), or `nil` when absent.
    public func queryValue(_ name: String) -> String? {
        queryParameters.first { $0.name == name }?.value
    }

    /// The path split at `/`, without empty segments, percent-decoded: `/voice/status/42` gives
    /// `["voice", "status", "42"]`, so routes can match on segments.
    public var pathSegments: [String] {
        path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
    }
}
