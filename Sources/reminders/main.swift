// The `reminders` executable: everything happens in RemindersCLI.
import Foundation
import Logging
import RemindersCLI

StopSignal.install()
let context = CommandContext(
    environment: ProcessInfo.processInfo.environment,
    logger: Logger(),
    isTerminal: isatty(STDERR_FILENO) == 1,
    stopRequested: { StopSignal.requested },
    print: { Swift.print($0) },
    printError: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
)
exit(CLI.run(Array(CommandLine.arguments.dropFirst()), context))
