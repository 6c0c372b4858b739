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
        #expect(error?.description == "line 1: the header has a single column; the file looks \(separator)-separated (use commas)")
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
