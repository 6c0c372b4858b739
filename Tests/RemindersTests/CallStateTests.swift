import Testing
@testable import Reminders

@Suite("CallState")
struct CallStateTests {
    /// The allowed moves, written out independently of the implementation's progress ranks.
    private static let allowed: [CallState: Set<CallState>] = [
        .scheduled: [.dialing, .skipped, .cancelled],
        .dialing: [.initiating, .ringing, .inProgress, .completed, .noAnswer, .busy, .failed, .unknown],
        .unknown: [.initiating, .ringing, .inProgress, .completed, .noAnswer, .busy, .failed],
        .initiating: [.ringing, .inProgress, .completed, .noAnswer, .busy, .failed],
        .ringing: [.inProgress, .completed, .noAnswer, .busy, .failed],
        .inProgress: [.completed, .noAnswer, .busy, .failed],
    ]

    private static let pairs = CallState.allCases.flatMap { from in CallState.allCases.map { (from, $0) } }

    @Test(arguments: pairs)
    func everyPairFollowsTheForwardOnlyRules(from: CallState, reported: CallState) {
        let transition = from.apply(reported)
        if from == reported {
            #expect(transition == .recordOnly(.duplicate))
        } else if from.isTerminal {
            #expect(transition == .recordOnly(.alreadyTerminal))
        } else if Self.allowed[from, default: []].contains(reported) {
            #expect(transition == .advance(to: reported))
        } else {
            #expect(transition == .recordOnly(.stale) || transition == .recordOnly(.notAllowed))
        }
    }

    @Test(arguments: [
        (CallState.ringing, CallState.initiating, CallTransition.Reason.stale),
        (.inProgress, .ringing, .stale),
        (.dialing, .scheduled, .stale),
        (.ringing, .dialing, .stale),
        (.scheduled, .ringing, .notAllowed),
        (.scheduled, .completed, .notAllowed),
        (.scheduled, .unknown, .notAllowed),
        (.dialing, .cancelled, .notAllowed),
        (.ringing, .skipped, .notAllowed),
        (.unknown, .dialing, .notAllowed),
    ])
    func refusedMovesSayWhy(from: CallState, reported: CallState, reason: CallTransition.Reason) {
        #expect(from.apply(reported) == .recordOnly(reason))
    }

    @Test func terminalAndLiveSets() {
        #expect(CallState.terminal == [.completed, .noAnswer, .busy, .failed, .skipped, .cancelled])
        #expect(CallState.live == [.dialing, .initiating, .ringing, .inProgress, .unknown])
        #expect(!CallState.scheduled.isLive && !CallState.scheduled.isTerminal)
        #expect(CallState.terminal.isDisjoint(with: CallState.live))
    }

    @Test func rawValuesAreTheStoredNames() {
        #expect(CallState.allCases.map(\.rawValue) == [
            "scheduled", "dialing", "initiating", "ringing", "in_progress", "completed", "no_answer", "busy",
            "failed", "unknown", "skipped", "cancelled",
        ])
        #expect(CallState.noAnswer.attemptOutcome == .noAnswer)
        #expect(CallState.ringing.attemptOutcome == nil)
    }

    /// Whatever order events arrive in (every ordering, with duplicates), applying them never
    /// leaves a terminal state and ends at the furthest state reported.
    @Test(arguments: [
        [CallState.initiating, .ringing, .inProgress, .completed, .ringing],
        [.ringing, .noAnswer, .initiating, .noAnswer],
        [.initiating, .inProgress, .busy, .failed],
    ])
    func everyOrderingEndsAtTheFurthestState(events: [CallState]) {
        let furthest = events.first(where: \.isTerminal)
        for ordering in permutations(events) {
            var state = CallState.dialing
            for event in ordering {
                if case .advance(let next) = state.apply(event) {
                    #expect(!state.isTerminal)
                    state = next
                }
            }
            #expect(state.isTerminal)
            // With two different terminal reports the first to arrive wins; with one, it is the end.
            if Set(events.filter(\.isTerminal)).count == 1 { #expect(state == furthest) }
        }
    }

    private func permutations(_ items: [CallState]) -> [[CallState]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { index in
            var rest = items
            let first = rest.remove(at: index)
            return permutations(rest).map { [first] + $0 }
        }
    }
}
