/// How long each phase of a simulated call lasts.
public struct CallTiming: Sendable, Equatable, Codable {
    /// From initiating to ringing (or to busy / failed).
    public var ring: Duration
    /// From ringing to the person answering.
    public var answer: Duration
    /// How long a completed conversation lasts, unless `max_duration` cuts it short.
    public var talk: Duration
    /// From ringing to giving up as no_answer.
    public var noAnswerAfter: Duration

    public init(ring: Duration, answer: Duration, talk: Duration, noAnswerAfter: Duration) {
        self.ring = ring
        self.answer = answer
        self.talk = talk
        self.noAnswerAfter = noAnswerAfter
    }

    /// Seconds-scale phases, like a real call.
    public static let realistic = CallTiming(
        ring: .seconds(2), answer: .seconds(6), talk: .seconds(30), noAnswerAfter: .seconds(25))
    /// Millisecond-scale phases, for tests.
    public static let fast = CallTiming(
        ring: .milliseconds(20), answer: .milliseconds(20), talk: .milliseconds(40), noAnswerAfter: .milliseconds(40))
}
