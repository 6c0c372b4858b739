import Testing

@testable import Reminders

/// Parses `bytes` fed in chunks of `chunkSize` (0 = all at once).
private func parseAll(_ bytes: [UInt8], chunkSize: Int = 0, maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes) throws(CSVError) -> [CSVRecord] {
    var parser = CSVParser(maxRecordBytes: maxRecordBytes)
    var records: [CSVRecord] = []
    let size = chunkSize == 0 ? max(bytes.count, 1) : chunkSize
    var start = 0
    while start < bytes.count {
        let end = min(start + size, bytes.count)
        records += try parser.feed(bytes[start..<end])
        start = end
    }
    records += try parser.finish()
    return records
}

private func parseAll(_ text: String, chunkSize: Int = 0) throws(CSVError) -> [CSVRecord] {
    try parseAll(Array(text.utf8), chunkSize: chunkSize)
}

struct CSVParserTests {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let input: [UInt8]
        let expected: [CSVRecord]
        var description: String { name }

        init(_ name: String, _ input: String, _ expected: [(Int, [String])]) {
            self.init(name, Array(input.utf8), expected)
        }

        init(_ name: String, _ input: [UInt8], _ expected: [(Int, [String])]) {
            self.name = name
            self.input = input
            self.expected = expected.map { CSVRecord(line: $0.0, fields: $0.1) }
        }
    }

    static let cases: [Case] = [
        Case("LF", "id,phone\n1,555\n2,556\n", [(1, ["id", "phone"]), (2, ["1", "555"]), (3, ["2", "556"])]),
        Case("CRLF", "id,phone\r\n1,555\r\n", [(1, ["id", "phone"]), (2, ["1", "555"])]),
        Case("CR only", "a,b\r1,2\r", [(1, ["a", "b"]), (2, ["1", "2"])]),
        Case("no final newline", "a,b\n1,2", [(1, ["a", "b"]), (2, ["1", "2"])]),
        Case("no final newline after quote", "a\n\"x\"", [(1, ["a"]), (2, ["x"])]),
        Case("BOM", [0xEF, 0xBB, 0xBF] + Array("a,b\n1,2\n".utf8), [(1, ["a", "b"]), (2, ["1", "2"])]),
        Case("BOM-like data is kept", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array("a\n".utf8), [(1, ["\u{FEFF}a"])]),
        Case("quoted comma", "a,b\n\"Smith, Ann\",2\n", [(1, ["a", "b"]), (2, ["Smith, Ann", "2"])]),
        Case("doubled quotes", "a\n\"say \"\"hi\"\"\"\n", [(1, ["a"]), (2, ["say \"hi\""])]),
        Case(
            "embedded newlines keep physical lines", "a,b\n\"line1\nline2\r\nline3\",x\n3,y\n",
            [(1, ["a", "b"]), (2, ["line1\nline2\r\nline3", "x"]), (5, ["3", "y"])]),
        Case("empty fields", "a,,c\n,,\n", [(1, ["a", "", "c"]), (2, ["", "", ""])]),
        Case("trailing comma", "a,b,\n", [(1, ["a", "b", ""])]),
        Case("trailing comma at end of input", "a,b,", [(1, ["a", "b", ""])]),
        Case("blank lines skipped", "a\n\n1\r\n\r\n2\n\n", [(1, ["a"]), (3, ["1"]), (5, ["2"])]),
        Case("quoted empty field is a record", "a\n\"\"\n", [(1, ["a"]), (2, [""])]),
        Case("UTF-8 text", "név,名前\nÉva,日本 🎉\n", [(1, ["név", "名前"]), (2, ["Éva", "日本 🎉"])]),
        Case("spaces are data", " a , b \n", [(1, [" a ", " b "])]),
        Case("only a header", "a,b", [(1, ["a", "b"])]),
        Case("empty input", "", []),
    ]

    @Test(arguments: cases, [0, 1, 2, 3, 7])
    func parsesRecordsWhateverTheChunking(_ testCase: Case, chunkSize: Int) throws {
        #expect(try parseAll(testCase.input, chunkSize: chunkSize) == testCase.expected)
    }

    struct Failure: Sendable, CustomStringConvertible {
        let input: [UInt8]
        let expected: CSVError
        let message: String
        var description: String { message }
    }

    static let failures: [Failure] = [
        Failure(
            input: Array("a,b\n1,\"open\n2,3\n".utf8),
            expected: CSVError(line: 2, field: 2, reason: .unterminatedQuote),
            message: "line 2, field 2: unterminated quoted field"),
        Failure(
            input: Array("a,b\n1,x\"y\n".utf8),
            expected: CSVError(line: 2, field: 2, reason: .quoteInUnquotedField),
            message: "line 2, field 2: quote inside an unquoted field (quote the whole field and double the inner quote)"),
        Failure(
            input: Array("a\n\n\"x\" y\n".utf8),
            expected: CSVError(line: 3, field: 1, reason: .textAfterClosingQuote),
            message: "line 3, field 1: unexpected text after a closing quote"),
        Failure(
            input: Array("name,city\nJos,".utf8) + [0xE9] + Array("vora\n".utf8),  // Latin-1 "é"
            expected: CSVError(line: 2, field: 2, reason: .invalidUTF8),
            message: #"line 2, field 2: invalid UTF-8 (a Windows-1252 export? say so in the campaign file: "csv": {"encoding": "windows-1252"})"#),
        Failure(
            input: Array("a,b\n1,2\n3,".utf8) + [0, 1, 2],
            expected: CSVError(line: 3, field: 2, reason: .nulByte),
            message: #"line 3, field 2: NUL byte (the file looks binary or UTF-16; for UTF-16 set "csv": {"encoding": "utf-16"} in the campaign file)"#),
        Failure(
            input: [0xFF, 0xFE, 0x61, 0x00],  // UTF-16LE "a"
            expected: CSVError(line: 1, field: 1, reason: .nulByte),
            message: #"line 1, field 1: NUL byte (the file looks binary or UTF-16; for UTF-16 set "csv": {"encoding": "utf-16"} in the campaign file)"#),
        Failure(
            input: Array("a\n\"multi\nline\" x\n".utf8),
            expected: CSVError(line: 3, field: 1, reason: .textAfterClosingQuote),
            message: "line 3, field 1: unexpected text after a closing quote"),
    ]

    @Test(arguments: failures, [0, 1, 5])
    func reportsErrorsWithTheirLine(_ failure: Failure, chunkSize: Int) {
        #expect(throws: failure.expected) { try parseAll(failure.input, chunkSize: chunkSize) }
        #expect(failure.expected.description == failure.message)
    }

    @Test func refusesARecordLongerThanTheLimit() {
        let input = Array("a,b\n1,\(String(repeating: "x", count: 100))\n".utf8)
        #expect(throws: CSVError(line: 2, reason: .recordTooLong(limit: 64))) {
            try parseAll(input, maxRecordBytes: 64)
        }
        #expect(throws: Never.self) { try parseAll(input, maxRecordBytes: 200) }
    }

    @Test func endlessLineFailsFastWithoutBufferingIt() throws {
        var parser = CSVParser()
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var fed = 0
        let error = #expect(throws: CSVError.self) {
            // A 1 GB line would be 16,384 chunks; the limit must stop it after about 16.
            for _ in 0..<16_384 {
                _ = try parser.feed(chunk)
                fed += 1
            }
        }
        #expect(error?.reason == .recordTooLong(limit: CSVParser.defaultMaxRecordBytes))
        #expect(fed <= CSVParser.defaultMaxRecordBytes / chunk.count)
    }

    @Test func errorsAreSticky() {
        var parser = CSVParser()
        #expect(throws: CSVError.self) { _ = try parser.feed(Array("a\"b\n".utf8)) }
        #expect(throws: CSVError.self) { _ = try parser.feed(Array("ok\n".utf8)) }
        #expect(throws: CSVError.self) { _ = try parser.finish() }
    }

    @Test func returnsRecordsAsSoonAsTheyAreComplete() throws {
        var parser = CSVParser()
        #expect(try parser.feed(Array("a,b\n1,".utf8)) == [CSVRecord(line: 1, fields: ["a", "b"])])
        #expect(try parser.feed(Array("2".utf8)) == [])
        #expect(try parser.feed(Array("\n".utf8)) == [CSVRecord(line: 2, fields: ["1", "2"])])
        #expect(try parser.finish() == [])
    }

    @Test func checksFieldCountWithTheRecordsLine() {
        let record = CSVRecord(line: 7, fields: ["1", "2"])
        #expect(throws: Never.self) { try record.checkFieldCount(2) }
        #expect(throws: CSVError(line: 7, reason: .fieldCount(expected: 3, found: 2))) { try record.checkFieldCount(3) }
        #expect(CSVError(line: 7, reason: .fieldCount(expected: 3, found: 2)).description
            == "line 7: expected 3 fields as in the header, found 2")
    }
}
