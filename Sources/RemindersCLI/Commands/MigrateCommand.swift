import Foundation
import Postgres
import RemindersStore
import Timestamps

/// `reminders migrate [--status]`: applies the numbered SQL files in `migrations/`.
enum MigrateCommand: Command {
    static let spec = CommandSpec(
        name: "migrate",
        summary: "Apply the database migrations (each once, in order), or show their status.",
        options: [
            .init("status", help: "List every migration and when it was applied; change nothing."),
            .init("migrations", value: "DIR", help: "Folder of NNNN_name.sql files (default: $REMINDERS_MIGRATIONS, or the project's migrations/)."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: "Safe when several run at once; refuses to run if an applied file was edited or removed."
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let directory = try migrationsDirectory(arguments, context)
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let migrator = Migrator(directory: directory)
        if arguments.flag("status") {
            for status in try migrator.status(db) {
                let applied = status.appliedAt.map { "applied \(InternetTimestamp.format($0))" } ?? "pending"
                context.print(String(format: "%04d  %@  %@", status.version, status.name, applied))
            }
            return 0
        }
        let applied = try migrator.migrate(db)
        if applied.isEmpty {
            context.print("Nothing to do: the database is up to date.")
        } else {
            for file in applied { context.print(String(format: "Applied %04d_%@", file.version, file.name)) }
        }
        return 0
    }

    /// `--migrations`, `REMINDERS_MIGRATIONS`, `./migrations`, or the `migrations/` folder of the
    /// checkout the executable was built in.
    static func migrationsDirectory(_ arguments: ParsedArguments, _ context: CommandContext) throws -> URL {
        if let path = arguments.value("migrations") ?? context.environment["REMINDERS_MIGRATIONS"] {
            return URL(fileURLWithPath: path)
        }
        var candidates = [URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("migrations")]
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            candidates.append(folder.appendingPathComponent("migrations"))
            folder = folder.deletingLastPathComponent()
        }
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate.appendingPathComponent("0001_initial.sql").path) {
            return candidate
        }
        throw CommandError("cannot find the migrations folder; pass --migrations DIR")
    }
}
