// voice-sim: the provider simulator as a process. Parsing and logic live in VoiceSimulator.
import Foundation
import VoiceSimulator

#if canImport(Glibc)
import Glibc
#endif

let arguments: SimulatorArguments
do {
    arguments = try SimulatorArguments.parse(
        Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("voice-sim: \(error)\n".utf8))
    exit(2)
}
if arguments.showHelp {
    print(SimulatorArguments.usage)
    exit(0)
}

// Ignore the default action so the dispatch sources below, not process death, handle the stop signals.
signal(SIGINT, SIG_IGN)
signal(SIGTERM, SIG_IGN)
let stopRequested = DispatchSemaphore(value: 0)
let signalSources = [SIGINT, SIGTERM].map { number in
    let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
    source.setEventHandler { stopRequested.signal() }
    source.resume()
    return source
}

let simulator = VoiceSimulator(configuration: arguments.configuration)
let port: UInt16
do {
    port = try simulator.start(host: arguments.host, port: arguments.port)
} catch {
    FileHandle.standardError.write(Data("voice-sim: cannot listen on \(arguments.host):\(arguments.port): \(error)\n".utf8))
    exit(1)
}
let shownHost = arguments.host.contains(":") ? "[\(arguments.host)]" : arguments.host
// Written unbuffered: scripts wait for this line to learn the port.
FileHandle.standardOutput.write(Data("voice-sim listening on \(shownHost):\(port)\n".utf8))

stopRequested.wait()
simulator.shutdown()
withExtendedLifetime(signalSources) {}
exit(0)
