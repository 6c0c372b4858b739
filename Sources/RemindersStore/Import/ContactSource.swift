public import Reminders

/// Where an import reads its rows: a header, then records in order.
///
/// A CSV file and a Postgres source query both feed the same pipeline; the query's column
/// names play the role of the header.
public protocol ContactSource {
    /// The names that head the columns (CSV header or query column names).
    var header: [String] { get }
    /// Returns the next record, or nil at the end; a thrown error stops the whole import.
    mutating func next() throws -> CSVRecord?
}

extension CSVReader: ContactSource {}
