/// Our own reading of a reminder call's transcript: plain rules over the patient's words, in
/// English and Spanish, each decision explained by the phrase that made it (`AnswerPhrases`).
///
/// - A greeting of an answering machine in any turn that is not the agent's: `voicemail`.
/// - The patient's turns are cut into clauses (at punctuation and at "but", "actually", "pero"…).
///   In each clause the strongest intent found counts: wrong number, then reschedule, then
///   cancel, then hedging ("I think so", "let me check"), then confirmation. A bare "yes" or "no"
///   counts only as the whole answer to an agent's question asking for a confirmation.
/// - The last clause that says something decides, so a patient who corrects themselves ("yes…
///   actually no, can we move it") is read by their correction, with two exceptions (`decide`):
///   after a request to move, a yes is to the new time; a hedge undoes only a confirmation.
/// - Nothing decisive, or no words from the patient: `unclear`. It never guesses `confirmed`.
public enum AnswerClassifier {
    /// The answer `turns` give; `locale` is the campaign's (both languages are always read, as
    /// patients switch).
    public static func classify(_ turns: [CallTranscript.Turn], locale: String = "en-US") -> AnswerDecision {
        var askedForConfirmation = false
        var last: (intent: AnswerPhrases.Intent, id: String)?
        var patientSpoke = false
        for turn in turns {
            let clauses = Self.clauses(turn.text)
            if isAgent(turn.role) {
                askedForConfirmation = asksForConfirmation(turn.text, clauses)
                continue
            }
            patientSpoke = patientSpoke || !clauses.isEmpty
            let found = clauses.map { strongest(in: $0) }
            if let voicemail = found.first(where: { $0?.intent == .voicemail }), let voicemail {
                return AnswerDecision(.voicemail, evidence: "rule:voicemail:\(voicemail.id)")
            }
            for (index, clause) in found.enumerated() {
                guard var clause else { continue }
                if clause.intent == .yes || clause.intent == .no {
                    // A bare yes or no answers the agent's question only when the turn says nothing else.
                    let alone = found.indices.allSatisfy { other in
                        guard other != index else { return true }
                        guard let intent = found[other]?.intent else { return clauses[other].count <= 2 }
                        return intent == .confirm || intent == .yes
                    }
                    guard askedForConfirmation, alone else { continue }
                    clause = (clause.intent == .yes ? .confirm : .cancel, clause.id + "_to_question")
                }
                last = decide(after: last, clause)
            }
            askedForConfirmation = false
        }
        guard patientSpoke else { return AnswerDecision(.unclear, evidence: "rule:no_patient_words") }
        guard let last else { return AnswerDecision(.unclear, evidence: "rule:nothing_decisive") }
        let answer: Answer = switch last.intent {
        case .confirm: .confirmed
        case .cancel: .cancelRequested
        case .reschedule: .rescheduleRequested
        case .wrongNumber: .wrongNumber
        case .voicemail: .voicemail
        case .hedge, .yes, .no: .unclear
        }
        return AnswerDecision(answer, evidence: "rule:\(last.intent.rawValue):\(last.id)")
    }

    /// The decision so far after one more clause that says something. A later clause decides
    /// (patients correct themselves), except: once a patient asked to move the appointment, a
    /// later yes is to the new time unless they say they keep it; and a hedge does not undo a
    /// refusal, a move or a wrong number ("cancel it… I'll call when I'm ready"), only a yes.
    static func decide(
        after last: (intent: AnswerPhrases.Intent, id: String)?, _ clause: (intent: AnswerPhrases.Intent, id: String)
    ) -> (intent: AnswerPhrases.Intent, id: String) {
        guard let last else { return clause }
        if last.intent == .reschedule, clause.intent == .confirm, !AnswerPhrases.keepIDs.contains(clause.id) { return last }
        if clause.intent == .hedge, [.cancel, .reschedule, .wrongNumber].contains(last.intent) { return last }
        return clause
    }

    /// Whether an agent's turn asks the patient to confirm: a question (or a keypad prompt) with
    /// confirmation words, and none that would turn a bare yes or no around.
    static func asksForConfirmation(_ text: String, _ clauses: [[Substring]]) -> Bool {
        func has(_ phrases: [AnswerPhrases.Phrase]) -> Bool {
            clauses.contains { clause in phrases.contains { match($0.words, in: clause) != nil } }
        }
        // A keypad or say-yes prompt names its own choices ("say yes or press 1 to confirm, say cancel to cancel").
        if has(AnswerPhrases.keypadPrompt) { return true }
        return text.contains("?") && has(AnswerPhrases.confirmationQuestion) && !has(AnswerPhrases.invertedQuestion)
    }

    /// Roles providers give the agent's turns; every other role is taken for the person called.
    static func isAgent(_ role: String) -> Bool {
        ["agent", "assistant", "bot", "ai", "system", "operator"].contains(role.lowercased())
    }

    /// The strongest intent in one clause, matching each phrase on words not used by an earlier one.
    static func strongest(in clause: [Substring]) -> (intent: AnswerPhrases.Intent, id: String)? {
        var used = Array(repeating: false, count: clause.count)
        var found: [(intent: AnswerPhrases.Intent, id: String)] = []
        for (intent, phrases) in AnswerPhrases.ordered {
            for phrase in phrases {
                while let range = match(phrase.words, in: clause, skipping: used) {
                    for index in range { used[index] = true }
                    found.append((intent, phrase.id))
                }
            }
        }
        let rank: [AnswerPhrases.Intent] = [.voicemail, .wrongNumber, .reschedule, .cancel, .hedge, .confirm, .yes, .no]
        return found.min { rank.firstIndex(of: $0.intent)! < rank.firstIndex(of: $1.intent)! }
    }

    /// Where `words` occur in `clause` on words not yet used (`*` matches any one word).
    static func match(_ words: [Substring], in clause: [Substring], skipping used: [Bool]? = nil) -> Range<Int>? {
        guard !words.isEmpty, words.count <= clause.count else { return nil }
        outer: for start in 0...(clause.count - words.count) {
            for (offset, word) in words.enumerated() {
                let index = start + offset
                if used?[index] == true { continue outer }
                if word != "*", clause[index] != word { continue outer }
            }
            return start..<(start + words.count)
        }
        return nil
    }

    /// Words that end a clause as punctuation does: what follows them is the speaker's second thought.
    static let clauseBreaks: Set<Substring> = ["but", "actually", "although", "though", "wait", "pero", "mejor", "aunque", "bueno", "espere"]

    /// `text` in lower case without accents (ñ → n) or punctuation, as clauses of words.
    static func clauses(_ text: String) -> [[Substring]] {
        var normal = ""
        normal.reserveCapacity(text.utf8.count)
        var word = ""
        func endWord() {
            // "sí" (yes) keeps its accent: without it, "si" is "if" ("si puedo", if I can).
            normal += word == "sí" ? word : fold(word)
            word = ""
        }
        for character in text.lowercased() {
            if character.isLetter || character.isNumber || character == "'" || character == "’" || character == "‘" {
                word.append(character == "’" || character == "‘" ? "'" : character)
                continue
            }
            endWord()
            switch character {
            case ".", ",", ";", ":", "!", "?", "¿", "¡", "—", "–", "…", "\n", "(", ")", "[", "]", "\"", "“", "”": normal.append("|")
            default: normal.append(" ")
            }
        }
        endWord()
        var clauses: [[Substring]] = []
        for piece in normal.split(separator: "|") {
            var clause: [Substring] = []
            for word in piece.split(separator: " ") {
                if clauseBreaks.contains(word) {
                    if !clause.isEmpty { clauses.append(clause) }
                    clause = []
                } else {
                    clause.append(word)
                }
            }
            if !clause.isEmpty { clauses.append(clause) }
        }
        return clauses
    }

    /// `word` without accents (ñ → n).
    static func fold(_ word: String) -> String {
        String(word.map { character -> Character in
            switch character {
            case "á", "à", "â", "ä": "a"
            case "é", "è", "ê", "ë": "e"
            case "í", "ì", "î", "ï": "i"
            case "ó", "ò", "ô", "ö": "o"
            case "ú", "ù", "û", "ü": "u"
            case "ñ": "n"
            default: character
            }
        })
    }
}
