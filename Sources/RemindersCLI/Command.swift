public import Logging

/// One `reminders` subcommand: its spec (options and help) and what it does.
public protocol Command {
    static var spec: CommandSpec { get }
    /// Runs the command; returns the exit status. Throwing prints one line and exits 1.
    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32
}

/// What a command may use from its surroundings: environment, output streams, logger.
/// Tests build one with captured output; `main` builds the real one.
public struct CommandContext: Sendable {
    public var environment: [String: String]
    public var logger: Logger
    /// Writes to standard output (the command's result: counts, reports, tables).
    public var print: @Sendable (String) -> Void
    /// Writes to standard error (problems and progress; never data).
    public var printError: @Sendable (String) -> Void
    /// Whether standard error is a terminal (progress lines are only drawn then).
    public var isTerminal: Bool
    /// Set when SIGINT or SIGTERM asks long-running commands to finish and exit.
    public var stopRequested: @Sendable () -> Bool

    public init(environment: [String: String], logger: Logger, isTerminal: Bool = false,
                stopRequested: @escaping @Sendable () -> Bool = { false },
                print: @escaping @Sendable (String) -> Void, printError: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.logger = logger
        self.isTerminal = isTerminal
        self.stopRequested = stopRequested
        self.print = print
        self.printError = printError
    }
}

/// A failure a command reports to its user: printed as `reminders: <message>`, exit status 1.
public struct CommandError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension ParsedArguments {
    /// The value of option `name`, or a `CommandError` that names it with its placeholder
    /// (`--campaign NAME is required`).
    func required(_ name: String, placeholder: String) throws(CommandError) -> String {
        guard let value = value(name) else { throw CommandError("--\(name) \(placeholder) is required") }
        return value
    }
}
