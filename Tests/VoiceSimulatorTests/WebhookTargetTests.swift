import Testing
@testable import VoiceSimulator

@Suite struct WebhookTargetTests {
    @Test(arguments: [
        ("http://127.0.0.1:8080/webhooks/voice/abc", true), ("http://127.8.9.10/x", true),
        ("http://localhost:1/x", true), ("http://[::1]:8080/x", true), ("https://127.0.0.1/x", true),
        ("http://10.0.0.1/x", false), ("http://example.com/x", false), ("http://127.0.0.1.example.com/x", false),
        ("ftp://127.0.0.1/x", false), ("http://128.0.0.1/x", false), ("not a url", false),
        ("http://[::2]/x", false), ("http://0x7f000001/x", false),
    ])
    func onlyLoopback(url: String, allowed: Bool) {
        #expect(WebhookTarget.isLoopback(url) == allowed)
    }
}
