import Foundation
import Testing
@testable import Reminders

@Suite("AnswerClassifier")
struct AnswerClassifierTests {
    private static func turns(_ lines: String) -> [CallTranscript.Turn] {
        (try? TranscriptLines.turns(lines)) ?? []
    }

    private static let ask = "agent: Hi, this is Oak Dental reminding you of your cleaning tomorrow at 9:30. Can you confirm?\n"

    @Test(arguments: [
        ("patient: Yes, I'll be there.", Answer.confirmed),
        ("patient: No, no problem, I'll be there.", .confirmed),
        ("patient: Yes... actually no, can we move it to Friday?", .rescheduleRequested),
        ("patient: I can't make it, can we do Thursday instead?", .rescheduleRequested),
        ("patient: I won't be able to come, please cancel it.", .cancelRequested),
        ("patient: I think so.", .unclear),
        ("patient: Yes, I think so.", .unclear),
        ("patient: I'm not sure I can make it.", .unclear),
        ("patient: I was going to cancel but no, I'll be there.", .confirmed),
        ("patient: Sorry, wrong number.", .wrongNumber),
        ("patient: No.", .cancelRequested),
        ("patient: Who is this?", .unclear),
        ("patient: I can't talk right now, I'm driving.", .unclear),
        ("patient: Sí, bueno, no, mejor cancélela.", .cancelRequested),
        ("patient: No hay problema, ahí estaré.", .confirmed),
        ("patient: Creo que sí.", .unclear),
        ("patient: ¿Se puede cambiar para la próxima semana?", .rescheduleRequested),
        ("patient: Aquí no vive ninguna Rosa, está equivocado.", .wrongNumber),
        ("patient: I'm her son, she'll be there.", .confirmed),
    ])
    func readsThePatientsAnswer(patient: String, expected: Answer) {
        let decision = AnswerClassifier.classify(Self.turns(Self.ask + patient))
        #expect(decision.answer == expected, "\(patient) → \(decision.evidence)")
    }

    @Test func aBareYesToAnIdentityQuestionIsNoConfirmation() {
        let decision = AnswerClassifier.classify(Self.turns("""
            agent: Hello, is this Maria Lopez?
            patient: Yes.
            agent: This is Oak Dental about your appointment tomorrow at 3.
            patient: Oh. Hmm.
            """))
        #expect(decision.answer == .unclear)
    }

    @Test func theAgentsOwnWordsNeverDecide() {
        let decision = AnswerClassifier.classify(Self.turns("""
            agent: If you need to cancel or reschedule, just let me know. Will you be able to make it?
            patient: Hello? Hello?
            """))
        #expect(decision == AnswerDecision(.unclear, evidence: "rule:nothing_decisive"))
    }

    @Test func aGreetingIsVoicemailEvenWhenItSaysYes() {
        let decision = AnswerClassifier.classify(Self.turns("""
            patient: Yes, you've reached Dan. Leave a message after the tone and I'll call you back.
            agent: Hi Dan, this is Oak Dental confirming your appointment tomorrow.
            """))
        #expect(decision == AnswerDecision(.voicemail, evidence: "rule:voicemail:en.leave_message"))
    }

    @Test func noPatientWordsIsUnclear() {
        #expect(AnswerClassifier.classify(Self.turns(Self.ask)) == AnswerDecision(.unclear, evidence: "rule:no_patient_words"))
        #expect(AnswerClassifier.classify([]).answer == .unclear)
    }

    @Test func corpusLinesAreReadStrictly() throws {
        let corpus = try AnswerCorpus(parsing: """
            # a comment
            === en-1 | confirmed | en
            agent: Can you confirm?
            patient: Yes, see you then.

            === es-1 | unclear | es
            patient: ¿Quién habla?
            """)
        #expect(corpus.entries.map(\.id) == ["en-1", "es-1"])
        #expect(corpus.measure().accuracy == 1)
        #expect(throws: AnswerCorpusError(line: 2, message: "expected '=== ID | ANSWER | LOCALE' with ANSWER one of "
            + Answer.allCases.map(\.rawValue).joined(separator: ", "))) {
            try AnswerCorpus(parsing: "\n=== x | maybe | en\n")
        }
        #expect(throws: AnswerCorpusError(line: 1, message: "a turn before the first '===' header")) {
            try AnswerCorpus(parsing: "agent: hi\n")
        }
    }

    /// The corpora in `Tests/Fixtures` (hand-written, fictional): the rules were written against
    /// `answer-corpus.txt`; `answer-corpus-holdout.txt` was written apart, after them (and three
    /// phrases were then added for its one false confirmation); `answer-corpus-fresh.txt` was
    /// written apart again and never tuned against. All three hold
    /// the promise that `confirmed` is right at least 98% of the times it is said, and floors
    /// under the published accuracy so a change to the rules that loses ground is seen.
    @Test(arguments: [("answer-corpus.txt", 200, 0.95), ("answer-corpus-holdout.txt", 120, 0.80),
                       ("answer-corpus-fresh.txt", 150, 0.82)])
    func theCorpusFigures(file: String, minimumSize: Int, minimumAccuracy: Double) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/\(file)")
        let corpus = try AnswerCorpus(parsing: try String(contentsOf: url, encoding: .utf8))
        #expect(corpus.entries.count >= minimumSize)
        #expect(Set(corpus.entries.map(\.locale)) == ["en", "es"])
        let measurement = corpus.measure()
        let precision = try #require(measurement.precision(.confirmed))
        #expect(precision >= 0.98, "confirmed precision \(precision)")
        #expect(measurement.accuracy >= minimumAccuracy, "accuracy \(measurement.accuracy)")
    }
}
