/// An RFC 4180 CSV parser fed with UTF-8 byte chunks; it performs no IO. The separator is a
/// comma unless told otherwise (`;` or a tab, as `CSVFormat` allows).
///
/// Feed the file's bytes in chunks of any size with `feed(_:)`, then call `finish()` once.
/// Each call returns the records completed so far. Accepted input: UTF-8 with or without a
/// byte-order mark, CRLF, LF or CR line breaks, a last record with or without a line break,
/// quoted fields holding separators, doubled quotes and line breaks. Blank lines are skipped.
/// The first record is returned like any other: the caller decides it is the header.
///
/// Work is done on bytes; a `String` is built once per field. After an error the parser
/// throws the same error again on every call.
public struct CSVParser: Sendable {
    /// The default longest record, in bytes. A contact row is a few hundred bytes; 1 MiB
    /// leaves room for long notes while a runaway quote or a binary file fails fast with
    /// bounded memory instead of buffering the whole file.
    public static let defaultMaxRecordBytes = 1 << 20

    private enum State {
        /// Before the first byte of a record (also where blank lines are skipped).
        case recordStart
        /// After a separator: a field begins.
        case fieldStart
        case unquoted
        case quoted
        /// Just after a `"` inside a quoted field: a doubled quote or the field's end.
        case quotedAfterQuote
    }

    private static let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]
    private static let quote = UInt8(ascii: "\"")
    private static let cr = UInt8(ascii: "\r")
    private static let lf = UInt8(ascii: "\n")

    private let maxRecordBytes: Int
    /// The field separator.
    private let comma: UInt8
    private var state = State.recordStart
    /// How many bytes of the byte-order mark have matched so far; nil once decided.
    private var bomMatched: Int? = 0
    private var line = 1
    private var lastByte: UInt8 = 0
    private var recordLine = 1
    private var fieldLine = 1
    private var recordBytes = 0
    private var fieldBytes: [UInt8] = []
    private var fields: [String] = []
    private var records: [CSVRecord] = []
    private var failure: CSVError?

    /// Creates a parser that refuses records longer than `maxRecordBytes` and splits fields at `separator`.
    public init(maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes, separator: UInt8 = UInt8(ascii: ",")) {
        self.maxRecordBytes = maxRecordBytes
        self.comma = separator
    }

    /// Parses the next chunk of bytes and returns the records it completed.
    public mutating func feed(_ chunk: UnsafeRawBufferPointer) throws(CSVError) -> [CSVRecord] {
        if let failure { throw failure }
        do throws(CSVError) {
            try consume(chunk.bindMemory(to: UInt8.self))
        } catch {
            failure = error
            throw error
        }
        return takeRecords()
    }

    /// Parses the next chunk of bytes and returns the records it completed.
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(CSVError) -> [CSVRecord] {
        let bytes = Array(chunk)
        return try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) -> [CSVRecord] in
            try feed(UnsafeRawBufferPointer(buffer))
        }
    }

    /// Ends the input and returns the last record, if the file did not end with a line break.
    public mutating func finish() throws(CSVError) -> [CSVRecord] {
        if let failure { throw failure }
        do throws(CSVError) {
            try flushPartialBOM()
            switch state {
            case .recordStart:
                break
            case .quoted:
                throw CSVError(line: fieldLine, field: fields.count + 1, reason: .unterminatedQuote)
            case .fieldStart, .unquoted, .quotedAfterQuote:
                try finishField()
                endRecord()
            }
        } catch {
            failure = error
            throw error
        }
        return takeRecords()
    }

    private mutating func takeRecords() -> [CSVRecord] {
        defer { records.removeAll(keepingCapacity: true) }
        return records
    }

    private mutating func consume(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) {
        var index = bytes.startIndex
        if bomMatched != nil {
            index = try skipBOM(bytes)
        }
        while index < bytes.endIndex {
            index = try step(bytes, at: index)
        }
    }

    /// Matches the byte-order mark at the very start of the input, across chunk boundaries.
    private mutating func skipBOM(_ bytes: UnsafeBufferPointer<UInt8>) throws(CSVError) -> Int {
        var index = bytes.startIndex
        while let matched = bomMatched, index < bytes.endIndex {
            if bytes[index] == Self.utf8BOM[matched] {
                index += 1
                bomMatched = matched + 1 == Self.utf8BOM.count ? nil : matched + 1
            } else {
                try flushPartialBOM()
            }
        }
        return index
    }

    /// Replays the bytes of a byte-order mark that turned out to be data.
    private mutating func flushPartialBOM() throws(CSVError) {
        guard let matched = bomMatched else { return }
        bomMatched = nil
        let prefix = Array(Self.utf8BOM.prefix(matched))
        try prefix.withUnsafeBufferPointer { (buffer) throws(CSVError) in
            var index = buffer.startIndex
            while index < buffer.endIndex { index = try step(buffer, at: index) }
        }
    }

    /// Consumes one byte, or a run of ordinary bytes inside a field; returns the next index.
    private mutating func step(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) throws(CSVError) -> Int {
        let byte = bytes[index]
        switch state {
        case .unquoted, .quoted:
            let end = ordinaryRunEnd(bytes, from: index)
            if end > index {
                try count(end - index)
                fieldBytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                lastByte = bytes[end - 1]
                return end
            }
        case .recordStart, .fieldStart, .quotedAfterQuote:
            break
        }
        if byte == 0 {
            throw CSVError(line: line, field: fields.count + 1, reason: .nulByte)
        }
        let isBreak = byte == Self.cr || byte == Self.lf
        let continuesCRLF = byte == Self.lf && lastByte == Self.cr
        lastByte = byte
        switch state {
        case .recordStart:
            if isBreak {
                if !continuesCRLF { line += 1 }
                return index + 1  // a blank line, or the LF of a CRLF
            }
            recordLine = line
            recordBytes = 0
            state = .fieldStart
            try count(1)
            try startField(with: byte)
        case .fieldStart:
            try count(1)
            if isBreak {
                try finishField()
                endRecord()
                line += 1
            } else {
                try startField(with: byte)
            }
        case .unquoted:
            try count(1)
            if byte == comma {
                try finishField()
                state = .fieldStart
            } else if isBreak {
                try finishField()
                endRecord()
                line += 1
            } else {
                // Only a quote can reach here: other bytes were taken as a run above.
                throw CSVError(line: line, field: fields.count + 1, reason: .quoteInUnquotedField)
            }
        case .quoted:
            try count(1)
            if byte == Self.quote {
                state = .quotedAfterQuote
            } else {
                // A line break inside quotes is data, but still a new physical line.
                if isBreak && !continuesCRLF { line += 1 }
                fieldBytes.append(byte)
            }
        case .quotedAfterQuote:
            try count(1)
            if byte == Self.quote {
                fieldBytes.append(byte)
                state = .quoted
            } else if byte == comma {
                try finishField()
                state = .fieldStart
            } else if isBreak {
                try finishField()
                endRecord()
                line += 1
            } else {
                throw CSVError(line: line, field: fields.count + 1, reason: .textAfterClosingQuote)
            }
        }
        return index + 1
    }

    /// The end of the run of bytes that need no decision (not a separator, quote, break or NUL).
    private func ordinaryRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == comma || byte == Self.quote || byte == Self.cr || byte == Self.lf || byte == 0 { break }
            index += 1
        }
        return index
    }

    private mutating func startField(with byte: UInt8) throws(CSVError) {
        fieldLine = line
        if byte == Self.quote {
            state = .quoted
        } else if byte == comma {
            try finishField()
            state = .fieldStart
        } else {
            fieldBytes.append(byte)
            state = .unquoted
        }
    }

    private mutating func count(_ n: Int) throws(CSVError) {
        recordBytes += n
        if recordBytes > maxRecordBytes {
            throw CSVError(line: recordLine, reason: .recordTooLong(limit: maxRecordBytes))
        }
    }

    private mutating func finishField() throws(CSVError) {
        // Most fields are ASCII, for which decoding cannot fail and skips the validator's cost.
        if fieldBytes.allSatisfy({ $0 < 0x80 }) {
            fields.append(String(decoding: fieldBytes, as: UTF8.self))
        } else if let text = String(validating: fieldBytes, as: UTF8.self) {
            fields.append(text)
        } else {
            throw CSVError(line: fieldLine, field: fields.count + 1, reason: .invalidUTF8)
        }
        fieldBytes.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord() {
        records.append(CSVRecord(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
        state = .recordStart
    }
}
