import Foundation
import Testing
import VoiceAPI

@Suite struct APIKeyTests {
    @Test func neverPrintsTheSecret() throws {
        let key = try APIKey("sk_live_secret123")
        #expect(!"\(key)".contains("secret"))
        #expect(!String(reflecting: key).contains("secret"))
        #expect(key.secret == "sk_live_secret123")
    }

    @Test func trimsTrailingNewline() throws {
        #expect(try APIKey("abc\n").secret == "abc")
    }

    @Test func refusesEmptyAndMalformed() {
        #expect(throws: APIKeyError.empty) { try APIKey(" \n") }
        #expect(throws: APIKeyError.malformed) { try APIKey("ab cd") }
    }

    @Test func environmentVariableWins() throws {
        let key = try APIKey.fromEnvironment(["VOICE_API_KEY": "from-env", "VOICE_API_KEY_FILE": "/nonexistent"])
        #expect(key.secret == "from-env")
    }

    @Test func readsKeyFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("voice-key-\(UUID().uuidString)").path
        try "file-key\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try APIKey.fromEnvironment(["VOICE_API_KEY_FILE": path]).secret == "file-key")
    }

    /// Issue 16: a key file others can read was used as it was. It is refused, saying how to mend it.
    @Test func aKeyFileAnyoneCanReadIsRefused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("voice-key-\(UUID().uuidString)").path
        try "file-key\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(throws: APIKeyError.readableByAnyone(path: path, mode: 0o644)) {
            try APIKey.fromEnvironment(["VOICE_API_KEY_FILE": path])
        }
        #expect(APIKeyError.readableByAnyone(path: path, mode: 0o644).description.hasSuffix("(mode 644): chmod 600 it"))
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        #expect(try APIKey.fromEnvironment(["VOICE_API_KEY_FILE": path]).secret == "file-key")
    }

    @Test func missingAndUnreadable() {
        #expect(throws: APIKeyError.missing) { try APIKey.fromEnvironment([:]) }
        #expect(throws: APIKeyError.unreadableFile(path: "/nonexistent/key")) {
            try APIKey.fromEnvironment(["VOICE_API_KEY_FILE": "/nonexistent/key"])
        }
    }

    @Test func accountIDDependsOnBaseAndKeyButHidesKey() throws {
        let base = try #require(URL(string: "https://api.example.com"))
        let slash = try #require(URL(string: "https://api.example.com/"))
        let other = try #require(URL(string: "https://eu.example.com"))
        let key = try APIKey("key-one")
        let id = VoiceClient.accountID(baseURL: base, apiKey: key)
        #expect(id.count == 32)
        #expect(!id.contains("key-one"))
        #expect(id == VoiceClient.accountID(baseURL: slash, apiKey: key))
        #expect(id != VoiceClient.accountID(baseURL: other, apiKey: key))
        #expect(id != VoiceClient.accountID(baseURL: base, apiKey: try APIKey("key-two")))
    }
}
