import Testing
import VoiceSimulator

@Suite struct OutcomePolicyTests {
    @Test(arguments: [
        ("+15551230130", CallOutcome.completed), ("+15551230135", .completed), ("+15551230136", .noAnswer),
        ("+15551230137", .busy), ("+15551230138", .failed), ("+15551230139", .noAnswer),
    ])
    func rulesByLastDigit(number: String, outcome: CallOutcome) {
        var random = SeededRandom(seed: 1)
        #expect(OutcomePolicy.rules.outcome(for: number, random: &random) == outcome)
    }

    @Test func mixRepeatsForASeedAndCoversEveryOutcome() {
        func draws(seed: UInt64) -> [CallOutcome] {
            var random = SeededRandom(seed: seed)
            return (0..<1000).map { _ in OutcomePolicy.mix.outcome(for: "+15551230130", random: &random) }
        }
        let first = draws(seed: 42)
        #expect(first == draws(seed: 42))
        #expect(first != draws(seed: 43))
        let completed = first.filter { $0 == .completed }.count
        #expect((500...700).contains(completed))
        #expect(Set(first) == Set(CallOutcome.allCases))
    }
}
