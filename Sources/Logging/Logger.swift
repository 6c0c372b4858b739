public import Foundation
import JSON
import Timestamps

/// Structured log lines in logfmt on standard error: `time=… level=info msg="…" key=value`.
///
/// Patient data never reaches a log line by accident: every string value and message has its
/// digit runs of phone-number length masked (`+1******0134`). Names and rendered context must
/// simply never be passed in; the API key is never known here.
public struct Logger: Sendable {
    /// How much to print; each level includes those above it.
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug, info, warning, error

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warning", "warn": self = .warning
            case "error": self = .error
            default: return nil
            }
        }

        public var name: String {
            switch self {
            case .debug: "debug"
            case .info: "info"
            case .warning: "warning"
            case .error: "error"
            }
        }

        public static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The least severe level printed.
    public var level: Level
    private let sink: @Sendable (String) -> Void
    private let now: @Sendable () -> Date

    /// A logger writing to standard error.
    public init(level: Level = .info) {
        self.init(level: level, now: Date.init) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// A logger writing complete lines (without newline) to `sink`, for tests.
    public init(level: Level, now: @escaping @Sendable () -> Date, sink: @escaping @Sendable (String) -> Void) {
        self.level = level
        self.now = now
        self.sink = sink
    }

    public func debug(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) { log(.error, message, fields) }

    /// Writes one line if `level` is enabled.
    public func log(_ level: Level, _ message: String, _ fields: KeyValuePairs<String, LogValue> = [:]) {
        guard level >= self.level else { return }
        var line = "time=\(InternetTimestamp.format(now(), fractionDigits: 3))"
        line += " level=\(level.name) msg=\(Self.quoted(PhoneMask.maskDigitRuns(message)))"
        for (key, value) in fields {
            line += " \(key)=\(Self.quoted(value.rendered))"
        }
        sink(line)
    }

    /// logfmt quoting: bare when the value is a simple token, else a quoted string with JSON's escapes.
    static func quoted(_ value: String) -> String {
        let simple = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
            scalar.value > 0x20 && scalar.value < 0x7f && scalar != "\"" && scalar != "=" && scalar != "\\"
        }
        return simple ? value : JSONString.quoted(value)
    }
}

/// A value in a log line. Strings are masked for phone-number-like digit runs.
public struct LogValue: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByStringInterpolation {
    let rendered: String

    public init(stringLiteral value: String) { rendered = PhoneMask.maskDigitRuns(value) }
    public init(integerLiteral value: Int) { rendered = String(value) }
    public init(stringInterpolation: DefaultStringInterpolation) {
        rendered = PhoneMask.maskDigitRuns(String(stringInterpolation: stringInterpolation))
    }

    /// Any text, masked for digit runs of phone-number length.
    public static func text(_ value: String) -> LogValue { LogValue(stringLiteral: value) }
    /// A phone number, masked to its country code and last four digits.
    public static func phone(_ number: String) -> LogValue { LogValue(rendered: PhoneMask.mask(number)) }
    /// A count or id.
    public static func int(_ value: Int) -> LogValue { LogValue(rendered: String(value)) }
    /// A duration in seconds, with millisecond precision.
    public static func seconds(_ value: Double) -> LogValue { LogValue(rendered: String(format: "%.3f", value)) }
    /// An error's generic description (never its debug details, which may quote data).
    public static func error(_ error: any Error) -> LogValue { .text(String(describing: error)) }

    private init(rendered: String) { self.rendered = rendered }
}
