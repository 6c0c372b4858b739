#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Streams the records of a CSV file from disk, with memory flat whatever the file's size.
///
/// A thin shell over `CSVParser`: it reads fixed-size chunks with `read(2)` into one reused
/// buffer and hands them to the parser, through a `TextTranscoder` when the file is not UTF-8. The first record is the header; `next()` returns the
/// records after it. Field counts are not checked here (see `CSVRecord.checkFieldCount(_:)`),
/// so a ragged row can be rejected alone.
public final class CSVReader {
    /// Bytes read per system call: large enough that syscalls are a small share of the work,
    /// small enough to stay in cache.
    public static let chunkSize = 64 * 1024

    /// The header row's fields, as written in the file.
    public private(set) var header: [String]
    /// The line the header starts on (after any blank lines).
    public private(set) var headerLine: Int

    private let path: String
    private let descriptor: Int32
    private let buffer: UnsafeMutableRawBufferPointer
    private var parser: CSVParser
    private var transcoder: TextTranscoder?
    private let format: CSVFormat
    private var pending: [CSVRecord] = []
    private var pendingIndex = 0
    private var reachedEnd = false

    /// Opens the file at `path`, written as `format` says, and reads its header row.
    ///
    /// Throws `CSVError` with reason `.emptyFile` when there is no header, and
    /// `.looksSeparatedBy` when the header is one column holding another separator.
    public init(
        path: String, format: CSVFormat = .standard, maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes
    ) throws(CSVError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw CSVError(line: nil, reason: .io(path: path, message: Self.errnoMessage()))
        }
        self.path = path
        self.descriptor = descriptor
        self.buffer = .allocate(byteCount: Self.chunkSize, alignment: 16)
        self.parser = CSVParser(maxRecordBytes: maxRecordBytes, separator: format.delimiter)
        self.transcoder = format.encoding == .utf8 ? nil : TextTranscoder(encoding: format.encoding)
        self.format = format
        self.header = []
        self.headerLine = 0
        guard let first = try readRecord() else {
            throw CSVError(line: nil, reason: .emptyFile)
        }
        try CSVReader.checkHeader(first, format: format)
        self.header = first.fields
        self.headerLine = first.line
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Returns the next record after the header, or nil at the end of the file.
    public func next() throws(CSVError) -> CSVRecord? {
        try readRecord()
    }

    /// Refuses a header that is one column containing another common separator: such a file
    /// would otherwise fail later with a confusing "missing column".
    static func checkHeader(_ record: CSVRecord, format: CSVFormat = .standard) throws(CSVError) {
        guard record.fields.count == 1, let only = record.fields.first else { return }
        for separator in CSVFormat.delimiters where separator != format.delimiter && only.utf8.contains(separator) {
            throw CSVError(line: record.line, reason: .looksSeparatedBy(CSVFormat.name(of: separator)))
        }
    }

    private func readRecord() throws(CSVError) -> CSVRecord? {
        while pendingIndex == pending.count {
            if reachedEnd { return nil }
            pending = try readChunk()
            pendingIndex = 0
        }
        defer { pendingIndex += 1 }
        return pending[pendingIndex]
    }

    private func readChunk() throws(CSVError) -> [CSVRecord] {
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count > 0 {
                let bytes = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
                guard transcoder != nil else { return try parser.feed(bytes) }
                return try parser.feed(try transcoder!.transcode(bytes))
            }
            if count == 0 {
                reachedEnd = true
                try transcoder?.finish()
                return try parser.finish()
            }
            if errno != EINTR {
                throw CSVError(line: nil, reason: .io(path: path, message: Self.errnoMessage()))
            }
        }
    }

    private static func errnoMessage() -> String {
        guard let text = strerror(errno) else { return "error \(errno)" }
        return String(cString: text)
    }
}
