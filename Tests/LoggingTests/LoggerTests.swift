import Foundation
import Logging
import Synchronization
import Testing

@Suite struct LoggerTests {
    final class Lines: Sendable {
        let storage = Mutex<[String]>([])
        func append(_ line: String) { storage.withLock { $0.append(line) } }
        var all: [String] { storage.withLock { $0 } }
    }

    func logger(_ level: Logger.Level, into lines: Lines) -> Logger {
        Logger(level: level, now: { Date(timeIntervalSince1970: 1_795_000_000) }, sink: lines.append)
    }

    @Test func writesLogfmtWithQuotingWhereNeeded() {
        let lines = Lines()
        logger(.info, into: lines).info("dial accepted", ["attempt": .int(42), "state": "initiating", "note": "two words"])
        #expect(lines.all == [
            #"time=2026-11-18T11:06:40.000Z level=info msg="dial accepted" attempt=42 state=initiating note="two words""#,
        ])
    }

    @Test func masksPhoneNumbersEverywhere() {
        let lines = Lines()
        let log = logger(.debug, into: lines)
        log.info("dialing +15551230134 now", ["to": .phone("+15551230134"), "raw": "call to 5551230134 failed"])
        let line = try! #require(lines.all.first)
        #expect(!line.contains("5551230134"))
        #expect(line.contains("+1******0134"))
    }

    @Test func dropsLinesBelowTheLevel() {
        let lines = Lines()
        let log = logger(.warning, into: lines)
        log.debug("d")
        log.info("i")
        log.warning("w")
        log.error("e")
        #expect(lines.all.map { $0.contains("level=warning") || $0.contains("level=error") } == [true, true])
    }

    @Test func escapesQuotesNewlinesAndEquals() {
        let lines = Lines()
        logger(.info, into: lines).info("x", ["v": "a\"b\nc=d"])
        #expect(lines.all.first?.hasSuffix(#"v="a\"b\nc=d""#) == true)
        logger(.info, into: lines).info("y", ["v": "bell\u{07}"])
        #expect(lines.all.last?.hasSuffix(#"v="bell\u0007""#) == true)
    }

    @Test(arguments: [("debug", Logger.Level.debug), ("INFO", .info), ("warn", .warning), ("error", .error)])
    func parsesLevelNames(name: String, level: Logger.Level) {
        #expect(Logger.Level(name: name) == level)
    }
}
