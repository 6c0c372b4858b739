import Foundation
import Testing

@testable import Reminders

/// A file in the temporary directory, removed when the test ends.
private final class TemporaryFile {
    let path: String

    init(_ bytes: [UInt8]) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("csv-reader-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    convenience init(_ text: String) throws {
        try self.init(Array(text.utf8))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }
}

private func readAll(_ reader: CSVReader) throws -> [CSVRecord] {
    var records: [CSVRecord] = []
    while let record = try reader.next() { records.append(record) }
    return records
}

struct CSVReaderTests {
    @Test func readsHeaderThenRecords() throws {
        let file = try TemporaryFile("\u{FEFF}id,phone\r\n1,\"+1 212\"\r\n2,x\r\n")
        let reader = try CSVReader(path: file.path)
        #expect(reader.header == ["id", "phone"])
        #expect(reader.headerLine == 1)
        #expect(try readAll(reader) == [CSVRecord(line: 2, fields: ["1", "+1 212"]), CSVRecord(line: 3, fields: ["2", "x"])])
        #expect(try reader.next() == nil)
    }

    @Test(arguments: ["", "\n\n\r\n", "\u{FEFF}"])
    func refusesAFileWithoutHeader(_ contents: String) throws {
        let file = try TemporaryFile(contents)
        #expect(throws: CSVError(line: nil, reason: .emptyFile)) { try CSVReader(path: file.path) }
    }

    @Test(arguments: [("id;phone;time\n1;2;3\n", "';'"), ("id\tphone\n", "tab")])
    func hintsAtAnotherSeparator(_ contents: String, separator: String) throws {
        let file = try TemporaryFile(contents)
        let error = #expect(throws: CSVError.self) { try CSVReader(path: file.path) }
        #expect(error?.reason == .looksSeparatedBy(separator))
        #expect(error?.description.hasPrefix("line 1: the header has a single column; the file looks \(separator)-separated") == true)
        #expect(error?.description.contains(#""csv": {"delimiter": "#) == true)
    }

    @Test func aFileReadWithTheWrongSeparatorHintsAtTheRightOne() throws {
        let file = try TemporaryFile("id,phone\n1,2\n")
        let semicolons = CSVFormat(delimiter: UInt8(ascii: ";"), encoding: .utf8)
        let error = #expect(throws: CSVError.self) { try CSVReader(path: file.path, format: semicolons) }
        #expect(error?.reason == .looksSeparatedBy("','"))
    }

    /// What European Excel and Windows programs write (issue 17): semicolons, Windows-1252.
    @Test func readsASemicolonWindows1252Export() throws {
        // "José;Müller €" with é = E9, ü = FC, € = 80 in Windows-1252, and CRLF line breaks.
        let bytes = Array("id;name;note\r\n1;Jos".utf8) + [0xE9] + Array(";M".utf8) + [0xFC] + Array("ller ".utf8) + [0x80]
            + Array("\r\n2;\"a;b\";x\r\n".utf8)
        let file = try TemporaryFile(bytes)
        let reader = try CSVReader(path: file.path, format: CSVFormat(delimiter: UInt8(ascii: ";"), encoding: .windows1252))
        #expect(reader.header == ["id", "name", "note"])
        #expect(try readAll(reader) == [
            CSVRecord(line: 2, fields: ["1", "José", "Müller €"]), CSVRecord(line: 3, fields: ["2", "a;b", "x"]),
        ])
    }

    /// Excel's "Unicode text": UTF-16 little-endian with a byte-order mark, tab-separated.
    @Test(arguments: [true, false])
    func readsATabSeparatedUTF16Export(bigEndian: Bool) throws {
        let text = "id\tname\r\n1\tZoë 😀\r\n"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            bytes += bigEndian ? [UInt8(unit >> 8), UInt8(unit & 0xFF)] : [UInt8(unit & 0xFF), UInt8(unit >> 8)]
        }
        let file = try TemporaryFile(bytes)
        let reader = try CSVReader(path: file.path, format: CSVFormat(delimiter: UInt8(ascii: "\t"), encoding: .utf16))
        #expect(reader.header == ["id", "name"])
        #expect(try readAll(reader) == [CSVRecord(line: 2, fields: ["1", "Zoë 😀"])])
    }

    @Test func utf16IsDecodedAcrossChunkBoundaries() throws {
        // Every split of a surrogate pair and of a code unit, fed one byte at a time.
        var transcoder = TextTranscoder(encoding: .utf16)
        var out: [UInt8] = []
        let bytes: [UInt8] = [0xFF, 0xFE] + "a😀b\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        for byte in bytes {
            out += try [byte].withUnsafeBytes { try transcoder.transcode($0) }
        }
        try transcoder.finish()
        #expect(String(decoding: out, as: UTF8.self) == "a😀b\n")
    }

    @Test func aBrokenUTF16FileIsOneClearError() throws {
        // A lone low surrogate on line 2.
        let bytes: [UInt8] = [0xFF, 0xFE] + "id\n1".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] } + [0x00, 0xDC]
        let file = try TemporaryFile(bytes)
        let error = #expect(throws: CSVError.self) {
            _ = try readAll(try CSVReader(path: file.path, format: CSVFormat(delimiter: UInt8(ascii: ","), encoding: .utf16)))
        }
        #expect(error == CSVError(line: 2, reason: .invalidText(encoding: "utf-16")))
    }

    @Test func acceptsASingleColumnFile() throws {
        let file = try TemporaryFile("phone\n+12125550134\n")
        let reader = try CSVReader(path: file.path)
        #expect(reader.header == ["phone"])
        #expect(try readAll(reader).count == 1)
    }

    @Test func reportsAMissingFile() {
        let error = #expect(throws: CSVError.self) { try CSVReader(path: "/nonexistent/contacts.csv") }
        #expect(error?.description.hasPrefix("cannot read /nonexistent/contacts.csv: ") == true)
    }

    @Test func streamsAFileLargerThanItsChunks() throws {
        // Records of varying length so that quotes and line breaks fall on chunk boundaries.
        var text = "id,note\n"
        let count = 20_000
        for index in 1...count {
            text += "\(index),\"note \(index)\nsecond line, \"\"quoted\"\" \(String(repeating: "z", count: index % 13))\"\n"
        }
        #expect(text.utf8.count > 4 * CSVReader.chunkSize)
        let file = try TemporaryFile(text)
        let reader = try CSVReader(path: file.path)
        var seen = 0
        while let record = try reader.next() {
            seen += 1
            #expect(record.line == 2 * seen)
            #expect(record.fields[0] == "\(seen)")
            #expect(record.fields[1].hasSuffix("\"quoted\" \(String(repeating: "z", count: seen % 13))"))
        }
        #expect(seen == count)
    }

    @Test func reportsTheLineOfABadRecordDeepInTheFile() throws {
        var bytes = Array("id,name\n".utf8)
        for index in 1...9_999 { bytes += Array("\(index),ok\n".utf8) }
        bytes += Array("10000,Jos".utf8) + [0xE9] + Array("\n".utf8)
        let file = try TemporaryFile(bytes)
        let reader = try CSVReader(path: file.path)
        let error = #expect(throws: CSVError.self) { _ = try readAll(reader) }
        #expect(error == CSVError(line: 10_001, field: 2, reason: .invalidUTF8))
    }

    @Test func stopsAnEndlessLineEarly() throws {
        // 4 MiB without a line break, with a 1 MiB limit: fails on the header, not at the end.
        let file = try TemporaryFile([UInt8](repeating: UInt8(ascii: "a"), count: 4 << 20))
        #expect(throws: CSVError(line: 1, reason: .recordTooLong(limit: 1 << 20))) { try CSVReader(path: file.path) }
    }
}
