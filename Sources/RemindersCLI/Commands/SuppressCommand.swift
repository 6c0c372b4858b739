import Foundation
import Postgres
import Reminders
import RemindersStore

/// `reminders suppress add NUMBER | remove NUMBER | import FILE`: the global opt-out list.
enum SuppressCommand: Command {
    static let spec = CommandSpec(
        name: "suppress",
        summary: "Add, remove or import numbers on the global do-not-call list.",
        positionals: ["add|remove|import", "NUMBER|FILE"],
        options: [
            .init("region", value: "XX", help: "Region for national-format numbers (default: US)."),
            .init("reason", value: "TEXT", help: "Why the number is suppressed (stored with it)."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            A FILE holds one number per line; blank lines and # comments are ignored. If any line is
            not a valid number, every bad line is reported and nothing is imported.
            Suppression is checked at the moment of each dial, in every campaign; imports also mark
            new or changed contacts with a suppressed number as skipped.
            """
    )

    /// The largest suppression file read: opt-out lists are small, and the whole file is read at once.
    static let maxFileBytes = 64 << 20

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let action = arguments.positionals[0]
        let target = arguments.positionals[1]
        let region = arguments.value("region") ?? "US"
        let reason = arguments.value("reason")
        switch action {
        case "add", "remove":
            let number: PhoneNumber
            do {
                number = try PhoneNumber.parse(target, defaultRegion: region)
            } catch {
                throw CommandError("not a phone number: \(error.description)")
            }
            let db = try Connection(url: try Settings.databaseURL(arguments, context))
            if action == "add" {
                let added = try SuppressionStore.add(number, reason: reason, db)
                context.print(added ? "Suppressed \(number.masked)" : "\(number.masked) was already suppressed")
            } else {
                let removed = try SuppressionStore.remove(number, db)
                context.print(removed ? "Removed \(number.masked) from the suppression list" : "\(number.masked) was not suppressed")
            }
        case "import":
            let list = try readList(target, region: region)
            let db = try Connection(url: try Settings.databaseURL(arguments, context))
            let added = try SuppressionStore.add(list, reason: reason, db)
            context.print("\(list.numbers.count) numbers: \(added) added, \(list.numbers.count - added) already suppressed")
        default:
            throw UsageError("unknown action \"\(action)\" (add, remove or import)", usage: spec.usage)
        }
        return 0
    }

    static func readList(_ path: String, region: String) throws -> SuppressionList {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > maxFileBytes {
            throw CommandError("\(path): larger than \(maxFileBytes >> 20) MB; nothing imported")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandError("\(path): cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError("\(path): not UTF-8 text; nothing imported")
        }
        switch SuppressionList.parse(text, defaultRegion: region) {
        case .success(let list): return list
        case .failure(let error): throw CommandError("\(path): \(error.description)")
        }
    }
}
