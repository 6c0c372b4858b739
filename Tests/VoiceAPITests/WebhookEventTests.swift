import Foundation
import Testing
import VoiceAPI

@Suite struct WebhookEventTests {
    @Test func decodesTheAssumedShape() throws {
        let body = #"{"event":"call.completed","call_id":"call_1","status":"completed","timestamp":"2026-03-05T14:00:01Z","duration":42,"recording_id":"rec_1","reason":"hangup","extra":{"x":1}}"#
        let event = try WebhookEvent.decode(Array(body.utf8)).get()
        #expect(event.callID == "call_1")
        #expect(event.status == .completed)
        #expect(event.timestamp == Date(timeIntervalSince1970: 1_772_719_201))
        #expect(event.duration == 42)
        #expect(event.recordingID == "rec_1")
        #expect(event.reason == "hangup")
        #expect(event.rawJSON == body)
    }

    @Test(arguments: [
        (#"{"session_id":"s_1","event":"call.ringing"}"#, "s_1", CallStatus.ringing),
        (#"{"call_id":"c_1","status":"in_progress"}"#, "c_1", .inProgress),
        (#"{"call_id":"c_1","status":"voicemail"}"#, "c_1", .unrecognized("voicemail")),
        (#"{"call_id":"c_1","status":"busy","event":"call.failed"}"#, "c_1", .busy),
        (#"{"call_id":"c_1","status":"no_answer","timestamp":"yesterday"}"#, "c_1", .noAnswer),
        (#"{"call_id":"c_1","status":"completed","duration":"12"}"#, "c_1", .completed),
    ])
    func tolerantVariants(body: String, callID: String, status: CallStatus) throws {
        let event = try WebhookEvent.decode(Array(body.utf8)).get()
        #expect(event.callID == callID)
        #expect(event.status == status)
    }

    @Test(arguments: [
        ("not json", WebhookRejection.notJSON),
        ("[1,2]", .notAnObject),
        ("\"text\"", .notAnObject),
        (#"{"status":"completed"}"#, .missingCallID),
        (#"{"call_id":"","status":"completed"}"#, .missingCallID),
        (#"{"call_id":"c_1"}"#, .missingStatus),
        (#"{"call_id":"c_1","status":"completed","duration":-3}"#, .invalidField(field: "duration")),
        (#"{"call_id":"c_1","status":"completed","duration":"long"}"#, .invalidField(field: "duration")),
        (#"{"call_id":"c_1","status":"completed","reason":"\#(String(repeating: "r", count: 600))"}"#, .fieldTooLong(field: "reason")),
    ])
    func refusals(body: String, rejection: WebhookRejection) {
        #expect(WebhookEvent.decode(Array(body.utf8)) == .failure(rejection))
    }

    @Test func refusesOversizedAndInvalidUTF8() {
        let huge = [UInt8](repeating: 0x20, count: WebhookEvent.maxBodyBytes + 1)
        #expect(WebhookEvent.decode(huge) == .failure(.tooLarge(bytes: huge.count)))
        #expect(WebhookEvent.decode([0x7B, 0xFF, 0x7D]) == .failure(.notUTF8))
    }

    @Test func rejectionNeverEchoesValues() {
        let description = WebhookRejection.fieldTooLong(field: "reason").description
        #expect(!description.contains("rrrr"))
    }
}
