import Testing
import VoiceSimulator

@Suite struct CallLifeTests {
    static let timing = CallTiming(ring: .seconds(1), answer: .seconds(2), talk: .seconds(30), noAnswerAfter: .seconds(20))

    @Test(arguments: [
        (CallOutcome.completed, ["initiating", "ringing", "in_progress", "completed"], Duration.seconds(33)),
        (.noAnswer, ["initiating", "ringing", "no_answer"], .seconds(21)),
        (.busy, ["initiating", "busy"], .seconds(1)),
        (.failed, ["initiating", "failed"], .seconds(1)),
    ])
    func timelines(outcome: CallOutcome, statuses: [String], end: Duration) {
        let changes = CallLife.timeline(outcome: outcome, start: .zero, timing: Self.timing, maxDuration: 600)
        #expect(changes.map(\.status) == statuses)
        #expect(changes.last?.at == end)
        #expect(zip(changes, changes.dropFirst()).allSatisfy { $0.at <= $1.at })
    }

    @Test func maxDurationCutsTheTalk() throws {
        let changes = CallLife.timeline(outcome: .completed, start: .seconds(100), timing: Self.timing, maxDuration: 10)
        let last = try #require(changes.last)
        #expect(last.at == .seconds(113))
        #expect(last.duration == 10)
        #expect(last.reason == "max_duration")
    }

    @Test func fullTalkReportsItsDuration() throws {
        let last = try #require(
            CallLife.timeline(outcome: .completed, start: .zero, timing: Self.timing, maxDuration: 600).last)
        #expect(last.duration == 30)
        #expect(last.reason == "hangup")
    }

    @Test func statusAtTime() {
        let changes = CallLife.timeline(outcome: .completed, start: .seconds(5), timing: Self.timing, maxDuration: 600)
        #expect(CallLife.status(in: changes, at: .seconds(4)) == nil)
        #expect(CallLife.status(in: changes, at: .seconds(5))?.status == "initiating")
        #expect(CallLife.status(in: changes, at: .seconds(7))?.status == "ringing")
        #expect(CallLife.status(in: changes, at: .seconds(8))?.status == "in_progress")
        #expect(CallLife.status(in: changes, at: .seconds(1000))?.status == "completed")
    }
}
