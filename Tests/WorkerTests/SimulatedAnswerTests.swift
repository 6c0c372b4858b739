import Reminders
import Testing
import VoiceSimulator

/// The simulator's patients answer by their number (`PatientAnswer`), in English and Spanish,
/// and our classifier reads each of their transcripts as the answer the simulator meant: the
/// demo and end-to-end runs show answers that agree with the simulator's rules.
@Suite struct SimulatedAnswerTests {
    @Test(arguments: PatientAnswer.allCases, [false, true])
    func theClassifierReadsWhatTheSimulatedPatientMeant(answer: PatientAnswer, spanish: Bool) throws {
        let turns = answer.turns(spanish: spanish).map { CallTranscript.Turn(role: $0.role, text: $0.text) }
        let decision = AnswerClassifier.classify(turns, locale: spanish ? "es-MX" : "en-US")
        #expect(decision.answer.rawValue == answer.rawValue, "\(decision.evidence)")
    }

    @Test func theSecondToLastDigitPicksTheAnswerAndTheThirdTheProvidersTag() {
        #expect(PatientAnswer.forNumber("+12125550100") == .confirmed)
        #expect(PatientAnswer.forNumber("+12125550140") == .cancelRequested)
        #expect(PatientAnswer.forNumber("+12125550151") == .rescheduleRequested)
        #expect(PatientAnswer.forNumber("+12125550162") == .wrongNumber)
        #expect(PatientAnswer.forNumber("+12125550173") == .voicemail)
        #expect(PatientAnswer.forNumber("+12125550184") == .unclear)
        #expect(PatientAnswer.isTagged("+12125550200"))
        #expect(!PatientAnswer.isTagged("+12125550300"))
        #expect(PatientAnswer.unclear.providerTag == nil)
    }
}
