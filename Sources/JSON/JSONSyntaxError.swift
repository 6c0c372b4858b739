/// Why a document is not JSON and where: line, column and key path. It never quotes a value, so
/// a message built from it cannot leak what a body or file holds; the key path names keys.
public struct JSONSyntaxError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, in words an operator editing a file can act on.
    public enum Reason: String, Sendable {
        case endsTooEarly = "the document ends too early"
        case unexpectedCharacter = "an unexpected character"
        case expectedKey = "a key (a string in double quotes) was expected"
        case expectedColon = "a colon was expected after the key"
        case expectedCommaOrEnd = "a comma or the closing bracket was expected"
        case trailingComma = "has a trailing comma, which is not valid JSON"
        case repeatedKey = "appears twice"
        case invalidString = "a string holds a control character, a bad escape or invalid UTF-8"
        case invalidNumber = "a number is not written as JSON has it"
        case nestedTooDeep = "arrays and objects are nested too deeply"
        case textAfterTheValue = "more text follows the value"
    }

    public let reason: Reason
    /// Where in the document: `retry.delay`, `calling_hours.days[2]`; empty at the top level.
    /// For a repeated key, the key itself; for a trailing comma, the object or array.
    public let keyPath: String
    /// The line, from 1.
    public let line: Int
    /// The column, from 1, in characters.
    public let column: Int

    init(reason: Reason, keyPath: String, position: (line: Int, column: Int)) {
        self.reason = reason
        self.keyPath = keyPath
        self.line = position.line
        self.column = position.column
    }

    public var description: String {
        let place = keyPath.isEmpty ? "" : " (at \(keyPath))"
        return "\(reason.rawValue) at line \(line), column \(column)\(place)"
    }
}
