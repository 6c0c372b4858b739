/// A span of time written in a campaign file, such as `45s`, `30m`, `24h`, `2d` or `1h30m`.
///
/// Named `CampaignDuration` so it never clashes with the standard library's `Duration`.
public struct CampaignDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The length in whole seconds; never negative.
    public let seconds: Int

    /// Upper bound on any written duration: a year is longer than any reminder horizon, and the
    /// bound keeps the arithmetic far from overflow.
    public static let maximumSeconds = 366 * 86_400

    /// Units in the order they must appear, largest first, with their length in seconds.
    private static let units: [(symbol: Character, seconds: Int)] = [
        ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1),
    ]

    /// Creates a duration of `seconds` whole seconds, clamped to `0...maximumSeconds`.
    public init(seconds: Int) {
        self.seconds = min(max(seconds, 0), Self.maximumSeconds)
    }

    /// Parses the written form: one or more `<digits><unit>` parts, units `d h m s`, each at most
    /// once and largest first (`1h30m`, not `30m1h`).
    public init(parsing text: String) throws(CampaignDurationError) {
        let invalid = CampaignDurationError(text: text)
        var total = 0
        var digits = ""
        var nextUnit = 0
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                // Nine digits already exceed the maximum; stop before Int arithmetic could overflow.
                guard digits.count <= 9 else { throw invalid }
                continue
            }
            guard !digits.isEmpty, let value = Int(digits),
                let index = Self.units[nextUnit...].firstIndex(where: { $0.symbol == character })
            else { throw invalid }
            total += value * Self.units[index].seconds
            guard total <= Self.maximumSeconds else { throw invalid }
            digits = ""
            nextUnit = index + 1
        }
        // Rejects an empty string and trailing digits without a unit.
        guard digits.isEmpty, nextUnit > 0 else { throw invalid }
        self.seconds = total
    }

    /// The length as a Foundation time interval.
    public var timeInterval: Double { Double(seconds) }

    /// The canonical written form, largest units first: 5400 seconds is `1h30m`, zero is `0s`.
    public var description: String { Self.written(seconds) }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.seconds < rhs.seconds }

    private static func written(_ seconds: Int) -> String {
        guard seconds > 0 else { return "0s" }
        var rest = seconds
        var text = ""
        for unit in units where rest >= unit.seconds {
            text += "\(rest / unit.seconds)\(unit.symbol)"
            rest %= unit.seconds
        }
        return text
    }
}

/// The error for text that is not a duration; it quotes the text, which is never personal data.
public struct CampaignDurationError: Error, Equatable, CustomStringConvertible {
    /// The text that failed to parse.
    public let text: String

    public var description: String { "\"\(text.prefix(40))\" is not a duration" }
}
