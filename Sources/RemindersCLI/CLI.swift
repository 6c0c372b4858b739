import Foundation
import Logging

/// The `reminders` command line: finds the subcommand, parses its arguments and runs it.
public enum CLI {
    /// The program's version, printed by `--version`.
    public static let version = "0.1.0"

    /// Every subcommand, in the order `--help` lists them.
    static var commands: [any Command.Type] { [
        MigrateCommand.self,
        ImportCommand.self,
        ClassifyCommand.self,
        SyncCommand.self,
        SuppressCommand.self,
        PlanCommand.self,
        RunCommand.self,
        ServeCommand.self,
        NightlyCommand.self,
        WritebackCommand.self,
        StatusCommand.self,
        ReportCommand.self,
        PauseCommand.self,
        ResumeCommand.self,
        CancelCommand.self,
        PreviewCommand.self,
        TestCallCommand.self,
        ReconcileCommand.self,
    ] }

    /// Runs the command line `arguments` (without the program name); returns the exit status:
    /// 0 success, 1 failure, 2 a command line that cannot be accepted.
    public static func run(_ arguments: [String], _ context: CommandContext) -> Int32 {
        guard let name = arguments.first, name != "--help", name != "-h", name != "help" else {
            context.print(overview)
            return arguments.isEmpty ? 2 : 0
        }
        if name == "--version" {
            context.print("reminders \(version)")
            return 0
        }
        guard let command = commands.first(where: { $0.spec.name == name }) else {
            context.printError("reminders: unknown command '\(name)'\nUsage: reminders COMMAND [OPTIONS] (see reminders --help)")
            return 2
        }
        do {
            let parsed = try parseArguments(Array(arguments.dropFirst()), spec: command.spec)
            if parsed.wantsHelp {
                context.print(command.spec.help)
                return 0
            }
            var context = context
            context.logger.level = try Settings.logLevel(parsed, context.environment)
            return try command.run(parsed, context)
        } catch let error as UsageError {
            context.printError("reminders: \(error.message)" + (error.usage.map { "\nUsage: \($0)" } ?? ""))
            return 2
        } catch {
            context.printError("reminders \(name): \(oneLine(String(describing: error)))")
            return 1
        }
    }

    /// The top-level help.
    static var overview: String {
        let specs = commands.map { command in command.spec }
        let width = (specs.map { spec in spec.name.count }.max() ?? 0) + 2
        let list = specs.map { spec in "  \(spec.name.padding(toLength: width, withPad: " ", startingAt: 0))\(spec.summary)" }
        return """
            reminders: runs appointment-reminder call campaigns through a voice-AI provider.

            Usage: reminders COMMAND [OPTIONS]

            Commands:
            \(list.joined(separator: "\n"))

            Run 'reminders COMMAND --help' for a command's options.
            Environment: DATABASE_URL, VOICE_API_BASE_URL, VOICE_API_KEY or VOICE_API_KEY_FILE,
            WEBHOOK_BASE_URL, REMINDERS_LOG_LEVEL.
            """
    }

    /// Errors are shown as one line.
    static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: "; ")
    }
}
