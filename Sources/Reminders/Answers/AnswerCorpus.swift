import Foundation

/// A labelled corpus of reminder-call transcripts (`Tests/Fixtures/answer-corpus.txt`), and the
/// figures of the classifier on it: accuracy, the confusion table, and each answer's precision.
///
/// Format: `#` comment lines; each entry a header `=== ID | ANSWER | LOCALE`, then one line per
/// turn, `agent: …` or `patient: …`; blank lines between entries.
public struct AnswerCorpus: Sendable {
    public struct Entry: Sendable {
        public let id: String
        public let label: Answer
        public let locale: String
        public let turns: [CallTranscript.Turn]
    }

    public let entries: [Entry]

    /// Parses `text`; a malformed line is an error naming its line number.
    public init(parsing text: String) throws(AnswerCorpusError) {
        var entries: [Entry] = []
        var header: (id: String, label: Answer, locale: String)?
        var turns: [CallTranscript.Turn] = []
        func close() {
            if let header { entries.append(Entry(id: header.id, label: header.label, locale: header.locale, turns: turns)) }
            header = nil
            turns = []
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(rawLine).trimmingSpacesAndTabs()
            let number = index + 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("===") {
                close()
                let fields = line.dropFirst(3).split(separator: "|").map { String($0).trimmingSpacesAndTabs() }
                guard fields.count == 3, !fields[0].isEmpty, let label = Answer(rawValue: fields[2 - 1]) else {
                    throw AnswerCorpusError(line: number, message: "expected '=== ID | ANSWER | LOCALE' with ANSWER one of "
                        + Answer.allCases.map(\.rawValue).joined(separator: ", "))
                }
                header = (fields[0], label, fields[2])
                continue
            }
            guard header != nil else { throw AnswerCorpusError(line: number, message: "a turn before the first '===' header") }
            guard let turn = TranscriptLines.turn(String(line)) else {
                throw AnswerCorpusError(line: number, message: "expected 'agent: …' or 'patient: …'")
            }
            turns.append(turn)
        }
        close()
        self.entries = entries
    }

    /// The classifier's figures on this corpus.
    public func measure() -> AnswerMeasurement {
        var measurement = AnswerMeasurement()
        for entry in entries {
            let decision = AnswerClassifier.classify(entry.turns, locale: entry.locale)
            measurement.count(label: entry.label, said: decision.answer, id: entry.id)
        }
        return measurement
    }
}

/// A corpus line that cannot be read.
public struct AnswerCorpusError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}

/// Transcripts written as lines `role: text` (`agent: …`, `patient: …`).
public enum TranscriptLines {
    /// One `role: text` line as a turn; nil when it has no role.
    public static func turn(_ line: String) -> CallTranscript.Turn? {
        guard let colon = line.firstIndex(of: ":") else { return nil }
        let role = String(line[..<colon]).trimmingSpacesAndTabs().lowercased()
        guard !role.isEmpty, role.allSatisfy({ $0.isLetter || $0 == "_" }) else { return nil }
        return CallTranscript.Turn(role: role, text: String(line[line.index(after: colon)...]).trimmingSpacesAndTabs())
    }

    /// Every non-empty, non-comment line of `text` as a turn; the first line that is none names its number.
    public static func turns(_ text: String) throws(AnswerCorpusError) -> [CallTranscript.Turn] {
        var turns: [CallTranscript.Turn] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = String(line).trimmingSpacesAndTabs()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let turn = turn(trimmed) else { throw AnswerCorpusError(line: index + 1, message: "expected 'agent: …' or 'patient: …'") }
            turns.append(turn)
        }
        return turns
    }
}

/// Counts of (true label, answer said), and what follows from them.
public struct AnswerMeasurement: Sendable, Equatable {
    public private(set) var table: [Answer: [Answer: Int]] = [:]
    /// Ids of entries the classifier got wrong, with what it said.
    public private(set) var misses: [(id: String, label: Answer, said: Answer)] = []

    public static func == (lhs: AnswerMeasurement, rhs: AnswerMeasurement) -> Bool { lhs.table == rhs.table }

    mutating func count(label: Answer, said: Answer, id: String) {
        table[label, default: [:]][said, default: 0] += 1
        if label != said { misses.append((id, label, said)) }
    }

    public var total: Int { table.values.reduce(0) { $0 + $1.values.reduce(0, +) } }
    public var correct: Int { Answer.allCases.reduce(0) { $0 + (table[$1]?[$1] ?? 0) } }
    public var accuracy: Double { total == 0 ? 0 : Double(correct) / Double(total) }

    /// Of the times `answer` was said, the share that was right (nil when never said).
    public func precision(_ answer: Answer) -> Double? {
        let said = Answer.allCases.reduce(0) { $0 + (table[$1]?[answer] ?? 0) }
        return said == 0 ? nil : Double(table[answer]?[answer] ?? 0) / Double(said)
    }

    /// Of the entries labelled `answer`, the share found.
    public func recall(_ answer: Answer) -> Double? {
        let labelled = table[answer]?.values.reduce(0, +) ?? 0
        return labelled == 0 ? nil : Double(table[answer]?[answer] ?? 0) / Double(labelled)
    }

    /// The confusion table as Markdown (rows: the label; columns: what the classifier said),
    /// then precision and recall per answer.
    public func markdown() -> String {
        let answers = Answer.allCases
        var lines = ["| label \\ said | " + answers.map(\.rawValue).joined(separator: " | ") + " | total |",
                     "|---|" + String(repeating: "---:|", count: answers.count + 1)]
        for label in answers {
            let row = table[label] ?? [:]
            lines.append("| \(label.rawValue) | " + answers.map { String(row[$0] ?? 0) }.joined(separator: " | ")
                         + " | \(row.values.reduce(0, +)) |")
        }
        lines.append("")
        lines.append("| answer | precision | recall |")
        lines.append("|---|---:|---:|")
        for answer in answers {
            func percent(_ value: Double?) -> String { value.map { String(format: "%.1f%%", $0 * 100) } ?? "–" }
            lines.append("| \(answer.rawValue) | \(percent(precision(answer))) | \(percent(recall(answer))) |")
        }
        return lines.joined(separator: "\n")
    }
}
