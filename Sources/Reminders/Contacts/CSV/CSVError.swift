/// A CSV file that cannot be read, with the line (and field) where the problem is.
public struct CSVError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Why a CSV file or record was refused.
    public enum Reason: Sendable, Equatable {
        /// The file holds no header row.
        case emptyFile
        /// A quoted field is still open at the end of the file.
        case unterminatedQuote
        /// A `"` appears inside a field that did not start with one.
        case quoteInUnquotedField
        /// Something other than a separator, a line break or `"` follows a closing quote.
        case textAfterClosingQuote
        /// The bytes are not UTF-8 (often a Latin-1 or Windows-1252 export).
        case invalidUTF8
        /// A NUL byte: the file is binary, or UTF-16.
        case nulByte
        /// A record longer than the limit, in bytes.
        case recordTooLong(limit: Int)
        /// A record whose field count differs from the header's.
        case fieldCount(expected: Int, found: Int)
        /// A one-column header that contains another likely separator (`"';'"` or `"tab"`).
        case looksSeparatedBy(String)
        /// Bytes that are not text in the campaign's declared encoding (`utf-16`, say).
        case invalidText(encoding: String)
        /// The file could not be opened or read.
        case io(path: String, message: String)
    }

    /// The 1-based line where the problem is, when it is about a place in the file.
    public let line: Int?
    /// The 1-based field (column) number, when known.
    public let field: Int?
    /// What is wrong.
    public let reason: Reason

    /// Creates an error at a line and, optionally, a field.
    public init(line: Int?, field: Int? = nil, reason: Reason) {
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// A one-line message such as `line 12: unterminated quoted field`.
    public var description: String {
        var place = ""
        if let line {
            place = "line \(line)"
            if let field { place += ", field \(field)" }
            place += ": "
        }
        return place + reasonText
    }

    private var reasonText: String {
        switch reason {
        case .emptyFile:
            "the file is empty (expected a header row)"
        case .unterminatedQuote:
            "unterminated quoted field"
        case .quoteInUnquotedField:
            "quote inside an unquoted field (quote the whole field and double the inner quote)"
        case .textAfterClosingQuote:
            "unexpected text after a closing quote"
        case .invalidUTF8:
            "invalid UTF-8 (a Windows-1252 export? say so in the campaign file: \"csv\": {\"encoding\": \"windows-1252\"})"
        case .nulByte:
            "NUL byte (the file looks binary or UTF-16; for UTF-16 set \"csv\": {\"encoding\": \"utf-16\"} in the campaign file)"
        case .recordTooLong(let limit):
            "record longer than \(limit) bytes"
        case .fieldCount(let expected, let found):
            "expected \(expected) fields as in the header, found \(found)"
        case .looksSeparatedBy(let separator):
            "the header has a single column; the file looks \(separator)-separated "
                + "(say so in the campaign file: \"csv\": {\"delimiter\": \(Self.jsonText(ofSeparator: separator))})"
        case .invalidText(let encoding):
            "not valid \(encoding) text (is the campaign's csv.encoding the file's?)"
        case .io(let path, let message):
            "cannot read \(path): \(message)"
        }
    }

    /// A separator's name in messages (`';'`, `tab`) as the JSON string a campaign file writes.
    private static func jsonText(ofSeparator name: String) -> String {
        name == "tab" ? #""\t""# : "\"" + name.filter { $0 != "'" } + "\""
    }
}
