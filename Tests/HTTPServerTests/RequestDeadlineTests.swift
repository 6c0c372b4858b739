import Testing
@testable import HTTPServer

struct RequestDeadlineTests {
    typealias Deadline = RequestDeadline<ContinuousClock.Instant>
    static let timeouts = Deadline.Timeouts(firstRequest: .seconds(10), idle: .seconds(60), head: .seconds(10), body: .seconds(30))
    static let start = ContinuousClock.now

    static func at(_ seconds: Int) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test func eachPhaseGetsItsBudgetFromWhenItBegan() {
        var deadline = Deadline(timeouts: Self.timeouts, now: Self.at(0))
        #expect(deadline.deadline(parserPhase: .idle, now: Self.at(5)) == Self.at(10))
        #expect(deadline.deadline(parserPhase: .head, now: Self.at(20)) == Self.at(30))
        #expect(deadline.deadline(parserPhase: .body, now: Self.at(25)) == Self.at(55))
        deadline.responseSent(now: Self.at(40))
        #expect(deadline.phase == .idle)
        #expect(deadline.deadline(parserPhase: .idle, now: Self.at(41)) == Self.at(100))
    }

    @Test func tricklingBytesDoesNotExtendTheHeadDeadline() {
        var deadline = Deadline(timeouts: Self.timeouts, now: Self.at(0))
        let first = deadline.deadline(parserPhase: .head, now: Self.at(1))
        for second in 2...9 {
            #expect(deadline.deadline(parserPhase: .head, now: Self.at(second)) == first)
        }
        #expect(first == Self.at(11))
    }

    @Test func pipelinedRequestStartsItsHeadClockAfterTheResponse() {
        var deadline = Deadline(timeouts: Self.timeouts, now: Self.at(0))
        _ = deadline.deadline(parserPhase: .head, now: Self.at(1))
        deadline.responseSent(now: Self.at(8))
        #expect(deadline.deadline(parserPhase: .head, now: Self.at(8)) == Self.at(18))
    }

    @Test func onlyTheFirstRequestIsAwaitedUnderTheFirstRequestBudget() {
        var deadline = Deadline(timeouts: Self.timeouts, now: Self.at(0))
        #expect(deadline.deadline(parserPhase: .idle, now: Self.at(3)) == Self.at(10))
        _ = deadline.deadline(parserPhase: .head, now: Self.at(4))
        _ = deadline.deadline(parserPhase: .body, now: Self.at(5))
        deadline.responseSent(now: Self.at(6))
        #expect(deadline.deadline(parserPhase: .idle, now: Self.at(7)) == Self.at(66))
        deadline.responseSent(now: Self.at(20))
        #expect(deadline.deadline(parserPhase: .idle, now: Self.at(20)) == Self.at(80))
    }
}
