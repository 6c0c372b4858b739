public import Reminders

/// A suppression file read into numbers, with no IO: one number per line.
///
/// Blank lines and `#` comments (to the end of the line) are ignored; national numbers are read
/// in the given region. Any bad line makes the whole file refused, so that a half-read opt-out
/// list never looks applied.
public struct SuppressionList: Sendable, Equatable {
    /// The numbers, deduplicated, in file order.
    public let numbers: [PhoneNumber]

    /// A line that is not a phone number.
    public struct BadLine: Sendable, Equatable, CustomStringConvertible {
        /// The 1-based line number.
        public let line: Int
        /// Why (never the number itself).
        public let reason: String
        /// `line 4: too short: …`.
        public var description: String { "line \(line): \(reason)" }
    }

    /// Parses `text`; returns every bad line when there is any.
    public static func parse(_ text: String, defaultRegion: String?) -> Result<SuppressionList, SuppressionListError> {
        var numbers: [PhoneNumber] = []
        var seen = Set<String>()
        var bad: [BadLine] = []
        var lineNumber = 0
        // "\r\n" is one Character, and a newline like "\n".
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let content = rawLine.prefix { $0 != "#" }.trimmingCharacters(in: [" ", "\t", "\r"])
            if content.isEmpty { continue }
            do {
                let number = try PhoneNumber.parse(content, defaultRegion: defaultRegion)
                if seen.insert(number.e164).inserted { numbers.append(number) }
            } catch {
                bad.append(BadLine(line: lineNumber, reason: String(describing: error)))
            }
        }
        guard bad.isEmpty else { return .failure(SuppressionListError(badLines: bad)) }
        return .success(SuppressionList(numbers: numbers))
    }
}

/// A suppression file with bad lines: nothing of it is applied.
public struct SuppressionListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Lines listed in the message; the count covers the rest.
    static let linesShown = 5

    /// Every bad line, in order.
    public let badLines: [SuppressionList.BadLine]

    /// `2 bad lines, nothing imported: line 3: …; line 9: …`.
    public var description: String {
        let shown = badLines.prefix(Self.linesShown).map(\.description).joined(separator: "; ")
        let more = badLines.count > Self.linesShown ? "; …" : ""
        let noun = badLines.count == 1 ? "bad line" : "bad lines"
        return "\(badLines.count) \(noun), nothing imported: \(shown)\(more)"
    }
}

extension Substring {
    /// The text without the given leading and trailing characters.
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        guard let start = firstIndex(where: { !set.contains($0) }), let end = lastIndex(where: { !set.contains($0) }) else {
            return ""
        }
        return String(self[start...end])
    }
}
