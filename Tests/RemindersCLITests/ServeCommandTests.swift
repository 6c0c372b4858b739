import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Logging
import RemindersCLI
import Synchronization
import TestSupport
import Testing

@Suite struct ServeCommandTests {
    @Test func servesHealthUntilStoppedThenExitsZero() throws {
        try TestDatabase.withMigrated { _, url in
            let stop = Atomic<Bool>(false)
            let output = Mutex<[String]>([])
            let status = Mutex<Int32?>(nil)
            let context = CommandContext(
                environment: ["DATABASE_URL": url], logger: Logger(level: .error, now: Date.init, sink: { _ in }),
                stopRequested: { stop.load(ordering: .sequentiallyConsistent) },
                print: { line in output.withLock { $0.append(line) } }, printError: { _ in })
            let thread = Thread {
                let code = CLI.run(["serve", "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"], context)
                status.withLock { $0 = code }
            }
            thread.start()
            defer { stop.store(true, ordering: .sequentiallyConsistent) }
            #expect(eventually { output.withLock { $0.count >= 2 } })
            let lines = output.withLock { $0 }
            let line = lines.first ?? ""
            #expect(line.hasPrefix("reminders serve listening on 127.0.0.1:"))
            let port = try #require(line.split(separator: ":").last.map(String.init))
            #expect(try Self.get("http://127.0.0.1:\(port)/healthz") == 200)
            #expect(try Self.get("http://127.0.0.1:\(port)/nowhere") == 404)
            #expect(try Self.get("http://127.0.0.1:\(port)/metrics") == 404)
            let metricsLine = lines.count > 1 ? lines[1] : ""
            #expect(metricsLine.hasPrefix("metrics on 127.0.0.1:"))
            let metricsPort = try #require(metricsLine.split(separator: ":").last.map(String.init))
            #expect(try Self.get("http://127.0.0.1:\(metricsPort)/metrics") == 200)
            stop.store(true, ordering: .sequentiallyConsistent)
            #expect(eventually { status.withLock { $0 } != nil })
            #expect(status.withLock { $0 } == 0)
        }
    }

    @Test(arguments: [["serve", "--listen", "nowhere"], ["serve", "--pool-size", "0"]])
    func badOptionsAreOneClearLine(arguments: [String]) {
        let run = CLIRun.run(arguments, environment: ["DATABASE_URL": "postgresql://127.0.0.1:1/none"])
        #expect(run.status == 1)
        #expect(run.errors.hasPrefix("reminders serve: "))
        #expect(!run.errors.contains("\n"))
    }

    /// The status of a GET, with a deadline.
    static func get(_ address: String) throws -> Int {
        let url = try #require(URL(string: address))
        let result = Mutex<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        URLSession.shared.dataTask(with: request) { _, response, _ in
            result.withLock { $0 = (response as? HTTPURLResponse)?.statusCode }
            done.signal()
        }.resume()
        _ = done.wait(timeout: .now() + 10)
        return try #require(result.withLock { $0 })
    }
}
