import Foundation
import Testing
import VoiceAPI

@Suite struct VoiceClientEnvironmentTests {
    @Test func buildsFromEnvironment() throws {
        let client = try VoiceClient.fromEnvironment(["VOICE_API_BASE_URL": "http://127.0.0.1:9", "VOICE_API_KEY": "k"])
        #expect(client.baseURL.absoluteString == "http://127.0.0.1:9")
    }

    @Test(arguments: [
        ([String: String](), VoiceClientSetupError.missingBaseURL),
        (["VOICE_API_BASE_URL": "ftp://x"], .invalidBaseURL("ftp://x")),
        (["VOICE_API_BASE_URL": "http://127.0.0.1:9"], .apiKey(.missing)),
    ])
    func refusesIncompleteEnvironment(environment: [String: String], error: VoiceClientSetupError) {
        #expect(throws: error) { try VoiceClient.fromEnvironment(environment) }
    }
}
