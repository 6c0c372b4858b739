/// How a simulated call ends.
public enum CallOutcome: String, Sendable, Codable, CaseIterable {
    case completed
    case noAnswer = "no_answer"
    case busy
    case failed
}
