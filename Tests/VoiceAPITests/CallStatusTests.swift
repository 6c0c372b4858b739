import Testing
import VoiceAPI

@Suite struct CallStatusTests {
    @Test(arguments: [
        ("initiating", CallStatus.initiating, false), ("ringing", .ringing, false), ("in_progress", .inProgress, false),
        ("completed", .completed, true), ("no_answer", .noAnswer, true), ("busy", .busy, true), ("failed", .failed, true),
        ("call.completed", .completed, true), ("call.in_progress", .inProgress, false),
        ("voicemail", .unrecognized("voicemail"), false),
    ])
    func readsWireValues(wire: String, status: CallStatus, terminal: Bool) {
        #expect(CallStatus(wireValue: wire) == status)
        #expect(status.isTerminal == terminal)
    }

    @Test func wireValueRoundTrips() {
        for status in [CallStatus.initiating, .ringing, .inProgress, .completed, .noAnswer, .busy, .failed] {
            #expect(CallStatus(wireValue: status.wireValue) == status)
        }
    }
}
