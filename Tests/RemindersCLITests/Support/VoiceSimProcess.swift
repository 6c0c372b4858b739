import Foundation
import TestSupport

/// The built `voice-sim` executable as a child process on 127.0.0.1, for commands that talk to
/// the provider (this test target runs the CLI in-process and has no simulator library).
final class VoiceSimProcess {
    static let key = "cli-key-0123456789"
    static var executable: URL { TestDatabase.binDirectory.appendingPathComponent("voice-sim") }

    let process = Process()
    let output: URL
    /// `http://127.0.0.1:PORT`.
    private(set) var baseURL = ""

    /// Starts `voice-sim` with fast call timing and `arguments`; waits for its listening line.
    init(_ arguments: [String] = []) throws {
        output = FileManager.default.temporaryDirectory.appendingPathComponent("voice-sim-\(UUID().uuidString).out")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        process.executableURL = Self.executable
        process.arguments = ["--listen", "127.0.0.1:0", "--api-key", Self.key, "--timing", "fast"] + arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        try process.run()
        let prefix = "voice-sim listening on "
        var line: Substring?
        _ = eventually(timeout: .seconds(10)) {
            let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
            line = text.split(separator: "\n").first { $0.hasPrefix(prefix) }
            return line != nil
        }
        guard let line else {
            stop()
            throw TestSetupError("voice-sim did not start")
        }
        baseURL = "http://" + line.dropFirst(prefix.count).trimmingCharacters(in: .whitespaces)
    }

    /// The provider settings for a command.
    func environment(_ databaseURL: String) -> [String: String] {
        ["DATABASE_URL": databaseURL, "VOICE_API_BASE_URL": baseURL, "VOICE_API_KEY": Self.key]
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: output)
    }

    deinit { stop() }
}
