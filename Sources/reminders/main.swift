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
    // Flushed at once even into a pipe: scripts read `serve`'s "listening on" line while it runs.
    print: { Swift.print($0); fflush(nil) },
    printError: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) }
)
exit(CLI.run(Array(CommandLine.arguments.dropFirst()), context))
