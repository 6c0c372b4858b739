import Foundation

/// What a command accepts: its options, flags and positional arguments, and its help text.
public struct CommandSpec: Sendable {
    /// One `--name` option or flag.
    public struct Option: Sendable {
        public let name: String
        /// The placeholder of its value (`FILE`), or nil for a flag that takes none.
        public let value: String?
        public let help: String
        /// Whether it may be given more than once (`--campaign A --campaign B`).
        public let repeatable: Bool

        public init(_ name: String, value: String? = nil, repeatable: Bool = false, help: String) {
            self.name = name
            self.value = value
            self.help = help
            self.repeatable = repeatable
        }
    }

    public let name: String
    public let summary: String
    /// Positional arguments shown in the usage line, e.g. `FILE.csv`; `...` at the end allows more.
    public let positionals: [String]
    /// How many positionals are required; the rest are optional.
    public let requiredPositionals: Int
    public let options: [Option]
    /// Extra paragraphs for `--help` (environment, examples).
    public let discussion: String

    public init(name: String, summary: String, positionals: [String] = [], requiredPositionals: Int? = nil,
                options: [Option] = [], discussion: String = "") {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.requiredPositionals = requiredPositionals ?? positionals.filter { !$0.hasSuffix("...") }.count
        self.options = options
        self.discussion = discussion
    }

    /// The one-line usage, e.g. `reminders import FILE.csv --campaign FILE [--dry-run]`.
    public var usage: String {
        var parts = ["reminders", name] + positionals.enumerated().map { index, name in
            index < requiredPositionals ? name : "[\(name)]"
        }
        parts += options.map { option in
            "[--\(option.name)\(option.value.map { " \($0)" } ?? "")]\(option.repeatable ? "…" : "")"
        }
        return parts.joined(separator: " ")
    }

    /// The full `--help` text.
    public var help: String {
        var text = "\(summary)\n\nUsage: \(usage)\n"
        if !options.isEmpty {
            text += "\nOptions:\n"
            let labels = options.map { "--\($0.name)\($0.value.map { " \($0)" } ?? "")" }
            let width = (labels.map(\.count).max() ?? 0) + 2
            for (label, option) in zip(labels, options) {
                text += "  \(label.padding(toLength: width, withPad: " ", startingAt: 0))\(option.help)\n"
            }
            text += "  \("--help".padding(toLength: width, withPad: " ", startingAt: 0))Show this help.\n"
        }
        if !discussion.isEmpty { text += "\n\(discussion)\n" }
        return text
    }
}

/// The arguments of one command after parsing: positionals, option values and flags.
public struct ParsedArguments: Sendable, Equatable {
    public var positionals: [String] = []
    /// Values by option name, in the order given.
    public var values: [String: [String]] = [:]
    public var flags: Set<String> = []
    /// `--help` was given.
    public var wantsHelp = false

    /// The last value of an option, if given.
    public func value(_ name: String) -> String? { values[name]?.last }
    /// Every value of a repeatable option.
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }
}

/// A command line the program cannot accept; printed as one line plus the usage, exit status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public let usage: String?
    public var description: String { message }
    public init(_ message: String, usage: String? = nil) {
        self.message = message
        self.usage = usage
    }
}

/// Parses arguments against a spec: `--name value`, `--name=value`, flags, `--` ends options.
public func parseArguments(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
    var parsed = ParsedArguments()
    var index = 0
    var optionsEnded = false
    while index < arguments.count {
        let argument = arguments[index]
        index += 1
        if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
            parsed.positionals.append(argument)
            continue
        }
        if argument == "--" { optionsEnded = true; continue }
        if argument == "--help" || argument == "-h" { parsed.wantsHelp = true; continue }
        guard argument.hasPrefix("--") else {
            throw UsageError("unknown option \(argument)", usage: spec.usage)
        }
        var name = String(argument.dropFirst(2))
        var inlineValue: String?
        if let equals = name.firstIndex(of: "=") {
            inlineValue = String(name[name.index(after: equals)...])
            name = String(name[..<equals])
        }
        guard let option = spec.options.first(where: { $0.name == name }) else {
            throw UsageError("unknown option --\(name) for 'reminders \(spec.name)'", usage: spec.usage)
        }
        if option.value == nil {
            guard inlineValue == nil else { throw UsageError("--\(name) takes no value", usage: spec.usage) }
            parsed.flags.insert(name)
            continue
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else {
            guard index < arguments.count else {
                throw UsageError("--\(name) needs a value (\(option.value ?? "VALUE"))", usage: spec.usage)
            }
            value = arguments[index]
            index += 1
        }
        if !option.repeatable, parsed.values[name] != nil {
            throw UsageError("--\(name) given more than once", usage: spec.usage)
        }
        parsed.values[name, default: []].append(value)
    }
    if !parsed.wantsHelp {
        let allowsMore = spec.positionals.last?.hasSuffix("...") ?? false
        if parsed.positionals.count < spec.requiredPositionals {
            let missing = spec.positionals[parsed.positionals.count]
            throw UsageError("missing \(missing)", usage: spec.usage)
        }
        if !allowsMore, parsed.positionals.count > spec.positionals.count {
            throw UsageError("unexpected argument \(parsed.positionals[spec.positionals.count])", usage: spec.usage)
        }
    }
    return parsed
}
