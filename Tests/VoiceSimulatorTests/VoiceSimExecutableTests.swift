import Foundation
import Synchronization
import TestSupport
import Testing
import VoiceAPI

/// The `voice-sim` process: announces its port, answers, and stops cleanly on SIGTERM.
@Suite struct VoiceSimExecutableTests {
    /// The binary `swift build` put beside the test bundle, if this build made one.
    static let binary: URL = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/voice-sim")
    }()

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path)))
    func announcesPortAnswersAndStopsOnSIGTERM() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--listen", "127.0.0.1:0", "--timing", "fast", "--latency", "5ms"]
        process.environment = ["VOICE_API_KEY": "exe-key"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        defer { process.stop() }

        let firstLine = DispatchSemaphore(value: 0)
        let line = LineBox()
        DispatchQueue.global().async {
            line.value = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
            firstLine.signal()
        }
        #expect(firstLine.wait(timeout: .now() + .seconds(10)) == .success)
        let text = try #require(line.value).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.hasPrefix("voice-sim listening on 127.0.0.1:"))
        let port = try #require(text.split(separator: ":").last.flatMap { UInt16($0) })

        let client = VoiceClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), apiKey: try APIKey("exe-key"),
            timeout: .seconds(5))
        #expect(try client.sessions().total == 0)

        process.terminate()
        #expect(process.finish(within: .seconds(10)) == .exited(0))
    }
}

/// Carries the line read on another thread.
private final class LineBox: Sendable {
    private let state = Mutex<String?>(nil)

    var value: String? {
        get { state.withLock { $0 } }
        set { state.withLock { $0 = newValue } }
    }
}
