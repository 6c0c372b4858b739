import Foundation
import Reminders
import VoiceAPI

/// `reminders classify FILE [--corpus]`: what our classifier makes of one transcript (the
/// provider's transcript JSON, or lines `agent: …` / `patient: …`), and the rule that decided;
/// with `--corpus`, its figures on a labelled corpus (accuracy, confusion table, precision).
enum ClassifyCommand: Command {
    static let spec = CommandSpec(
        name: "classify",
        summary: "Show the answer our rules read in a call transcript, and the rule that decided it.",
        positionals: ["FILE"],
        options: [
            .init("locale", value: "LOCALE", help: "The campaign's locale (default en-US); English and Spanish are always read."),
            .init("corpus", help: "FILE is a labelled corpus (=== ID | ANSWER | LOCALE entries): print accuracy and the confusion table."),
        ],
        discussion: """
            Prints `answer: A` and `evidence: E` (E names the rule and phrase, never the words said).
            The answers: confirmed, cancel_requested, reschedule_requested, wrong_number, voicemail, unclear.
            Nothing is read from or written to the database.
            """
    )

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        let path = arguments.positionals[0]
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandError("\(path): cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw CommandError("\(path): is not UTF-8 text") }
        if arguments.flag("corpus") {
            let corpus: AnswerCorpus
            do { corpus = try AnswerCorpus(parsing: text) } catch { throw CommandError("\(path): \(error.description)") }
            let measurement = corpus.measure()
            context.print(String(format: "%d transcripts: %d answered right (%.1f%%)", measurement.total, measurement.correct,
                                 measurement.accuracy * 100))
            context.print("")
            context.print(measurement.markdown())
            if !measurement.misses.isEmpty {
                context.print("")
                context.print("missed: " + measurement.misses.map { "\($0.id) (\($0.label.rawValue) → \($0.said.rawValue))" }
                    .joined(separator: ", "))
            }
            return 0
        }
        let turns: [CallTranscript.Turn]
        if text.first(where: { !$0.isWhitespace }) == "{" {
            do {
                turns = try Transcript.decode(json: Array(data)).entries.map { CallTranscript.Turn(role: $0.role, text: $0.text) }
            } catch {
                throw CommandError("\(path): \(error)")
            }
        } else {
            do { turns = try TranscriptLines.turns(text) } catch { throw CommandError("\(path): \(error.description)") }
        }
        let decision = AnswerClassifier.classify(turns, locale: arguments.value("locale") ?? "en-US")
        context.print("answer: \(decision.answer.rawValue)")
        context.print("evidence: \(decision.evidence)")
        return 0
    }
}
