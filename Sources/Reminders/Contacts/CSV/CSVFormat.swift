/// How a campaign's CSV files are written: the separator and the text encoding. The campaign
/// file's `csv` key says it, so an export is read as it comes and staff never re-save a file.
public struct CSVFormat: Sendable, Equatable {
    /// A file's text encoding.
    public enum Encoding: String, Sendable, Equatable, CaseIterable {
        /// UTF-8, with or without a byte-order mark (the default, and the strict one).
        case utf8 = "utf-8"
        /// Windows-1252 (Western European), what Excel and older Windows programs write.
        case windows1252 = "windows-1252"
        /// UTF-16 with a byte-order mark (Excel's "Unicode text"); little-endian without one.
        case utf16 = "utf-16"
    }

    /// The separators a campaign may name: comma, semicolon (Excel in most European locales), tab.
    public static let delimiters: [UInt8] = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t")]

    /// The field separator, one of `delimiters`.
    public var delimiter: UInt8
    public var encoding: Encoding

    /// Comma-separated UTF-8: what the importer reads unless the campaign says otherwise.
    public static let standard = CSVFormat(delimiter: UInt8(ascii: ","), encoding: .utf8)

    public init(delimiter: UInt8, encoding: Encoding) {
        self.delimiter = delimiter
        self.encoding = encoding
    }

    /// The separator as the campaign file writes it (`","`, `";"`, `"\t"`).
    public var delimiterText: String { String(UnicodeScalar(delimiter)) }

    /// A separator's name for messages.
    static func name(of delimiter: UInt8) -> String {
        delimiter == UInt8(ascii: "\t") ? "tab" : "'\(UnicodeScalar(delimiter))'"
    }
}
