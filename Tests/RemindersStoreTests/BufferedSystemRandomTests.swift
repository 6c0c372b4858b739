@testable import RemindersStore
import Testing

@Suite struct BufferedSystemRandomTests {
    @Test func tokensAcrossSeveralRefillsAreWellFormedAndDistinct() {
        let token = Importer.bufferedTokens()
        // 24 words per token: 100 tokens span several 512-word refills.
        let tokens = (0..<100).map { _ in token() }
        #expect(tokens.allSatisfy(WebhookToken.isWellFormed))
        #expect(Set(tokens).count == tokens.count)
    }

    @Test func wordsAreNotAllZeroOrRepeated() {
        let random = BufferedSystemRandom()
        let words = (0..<2_000).map { _ in random.next() }
        #expect(Set(words).count == words.count)
    }
}
