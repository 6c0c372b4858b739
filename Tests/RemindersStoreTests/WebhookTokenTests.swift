import RemindersStore
import Testing

@Suite struct WebhookTokenTests {
    @Test func tokensAreLongHexAndDistinct() {
        let tokens = (0..<1000).map { _ in WebhookToken.generate() }
        #expect(Set(tokens).count == 1000)
        #expect(tokens.allSatisfy { $0.count == 48 && WebhookToken.isWellFormed($0) })
    }

    @Test(arguments: ["", "abc", String(repeating: "g", count: 48), String(repeating: "A", count: 48), String(repeating: "a", count: 49)])
    func malformedTokensAreRecognized(text: String) {
        #expect(!WebhookToken.isWellFormed(text))
    }
}
