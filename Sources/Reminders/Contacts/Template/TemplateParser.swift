/// Splits a template's text into literals and placeholders.
struct TemplateParser {
    private let characters: [Character]
    private var index = 0

    init(_ source: String) {
        characters = Array(source)
    }

    mutating func parse() throws(TemplateError) -> [ContextTemplate.Segment] {
        var segments: [ContextTemplate.Segment] = []
        var literal = ""
        while index < characters.count {
            if lookingAt("{{") {
                if !literal.isEmpty { segments.append(.literal(literal)) }
                literal = ""
                segments.append(try placeholder())
            } else {
                literal.append(characters[index])
                index += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        return segments
    }

    /// `{{ column | filter | filter:"argument" }}`, starting at `{{`.
    private mutating func placeholder() throws(TemplateError) -> ContextTemplate.Segment {
        let start = index + 1
        index += 2
        var column = ""
        while index < characters.count, !lookingAt("}}"), characters[index] != "|" {
            let character = characters[index]
            if character == "{" || character == "}" || character == "\"" {
                // `{{` here means the previous placeholder was left open; so does a lone `}`
                // with no `}}` after it.
                if lookingAt("{{") || character == "}" && !closes(after: index) {
                    throw .unterminatedPlaceholder(offset: start)
                }
                throw .syntax(offset: index + 1, message: "unexpected \(character) in a column name")
            }
            column.append(character)
            index += 1
        }
        guard index < characters.count else { throw .unterminatedPlaceholder(offset: start) }
        column = column.trimmingSpacesAndTabs()
        guard !column.isEmpty else {
            throw lookingAt("}}") ? .emptyPlaceholder(offset: start)
                : .syntax(offset: index + 1, message: "missing column name before |")
        }
        var filters: [TemplateFilter] = []
        while index < characters.count, characters[index] == "|" {
            index += 1
            filters.append(try filter(placeholderStart: start))
        }
        guard lookingAt("}}") else { throw .unterminatedPlaceholder(offset: start) }
        index += 2
        return .placeholder(column: column, filters: filters)
    }

    /// `name` or `name:"argument"`, after a `|`.
    private mutating func filter(placeholderStart: Int) throws(TemplateError) -> TemplateFilter {
        skipSpaces()
        var name = ""
        while index < characters.count, !" \t|:}\"".contains(characters[index]) {
            name.append(characters[index])
            index += 1
        }
        guard index < characters.count else { throw .unterminatedPlaceholder(offset: placeholderStart) }
        guard !name.isEmpty else { throw .syntax(offset: index + 1, message: "missing filter name after |") }
        skipSpaces()
        var argument: String?
        if index < characters.count, characters[index] == ":" {
            index += 1
            skipSpaces()
            argument = try quoted(filter: name, placeholderStart: placeholderStart)
            skipSpaces()
        }
        guard index < characters.count else { throw .unterminatedPlaceholder(offset: placeholderStart) }
        guard lookingAt("}}") || characters[index] == "|" else {
            throw .syntax(offset: index + 1, message: "unexpected \(characters[index]) after filter \"\(name)\"")
        }
        return try TemplateFilter.named(name, argument: argument)
    }

    /// A `"…"` string in which `\"` and `\\` stand for `"` and `\`.
    private mutating func quoted(filter: String, placeholderStart: Int) throws(TemplateError) -> String {
        guard index < characters.count, characters[index] == "\"" else {
            throw .filterArgument(filter: filter, message: "needs a quoted value, as in default:\"soon\"")
        }
        index += 1
        var text = ""
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "\"" { return text }
            if character == "\\", index < characters.count {
                text.append(characters[index])
                index += 1
            } else {
                text.append(character)
            }
        }
        throw .unterminatedPlaceholder(offset: placeholderStart)
    }

    /// Whether a `}}` follows `position`.
    private func closes(after position: Int) -> Bool {
        var cursor = position
        while cursor + 1 < characters.count {
            if characters[cursor] == "}" && characters[cursor + 1] == "}" { return true }
            cursor += 1
        }
        return false
    }

    private func lookingAt(_ pair: String) -> Bool {
        let expected = Array(pair)
        return index + 1 < characters.count && characters[index] == expected[0] && characters[index + 1] == expected[1]
    }

    private mutating func skipSpaces() {
        while index < characters.count, characters[index] == " " || characters[index] == "\t" { index += 1 }
    }
}
