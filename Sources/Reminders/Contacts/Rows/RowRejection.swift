/// Why one CSV row was not imported, for the rejects file and the import summary.
///
/// The reason names the field and the rule, never the value: rows hold phone numbers and
/// names, which must not reach logs.
public struct RowRejection: Error, Sendable, Equatable, CustomStringConvertible {
    /// The line on which the row starts.
    public let line: Int
    /// The row's external id, when it could be read.
    public let id: String?
    /// The contact field or context key at fault (`phone`, `context.greeting`), if one is.
    public let field: String?
    /// What is wrong, in words.
    public let reason: String

    /// Creates a rejection.
    public init(line: Int, id: String?, field: String?, reason: String) {
        self.line = line
        self.id = id
        self.field = field
        self.reason = reason
    }

    /// `line 12 (id A-17): phone: too short: …`.
    public var description: String {
        var text = "line \(line)"
        if let id { text += " (id \(id))" }
        text += ": "
        if let field { text += "\(field): " }
        return text + reason
    }
}
