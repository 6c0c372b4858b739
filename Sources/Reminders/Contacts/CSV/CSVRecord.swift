/// One record of a CSV file: its fields and the physical line where it starts.
public struct CSVRecord: Sendable, Equatable {
    /// The 1-based physical line on which the record starts (a quoted field may span lines).
    public let line: Int
    /// The record's fields, unquoted, in file order.
    public let fields: [String]

    /// Creates a record; the parser is the usual source.
    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }

    /// Throws when the record does not have `expected` fields (a ragged row).
    ///
    /// The parser leaves this check to its caller, so that a ragged row can reject one row
    /// instead of stopping a whole import: record boundaries are still sound.
    public func checkFieldCount(_ expected: Int) throws(CSVError) {
        guard fields.count == expected else {
            throw CSVError(line: line, reason: .fieldCount(expected: expected, found: fields.count))
        }
    }
}
