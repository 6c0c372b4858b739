/// Turns a file's bytes, in chunks, from its encoding into UTF-8 for `CSVParser`, which works on
/// UTF-8 bytes. UTF-8 passes through untouched (the parser validates it); Windows-1252 maps byte
/// for byte; UTF-16 follows its byte-order mark (little-endian without one) and pairs surrogates
/// across chunk boundaries. Line numbers for errors come from the line breaks seen so far.
struct TextTranscoder {
    let encoding: CSVFormat.Encoding
    /// A byte of a UTF-16 unit split across chunks.
    private var pendingByte: UInt8?
    /// A high surrogate waiting for its pair.
    private var pendingHigh: UInt16?
    /// For UTF-16: decided by the first two bytes.
    private var bigEndian: Bool?
    /// Line breaks passed so far, for the line of an error.
    private var line = 1

    init(encoding: CSVFormat.Encoding) {
        self.encoding = encoding
    }

    /// The UTF-8 bytes of `chunk`.
    mutating func transcode(_ chunk: UnsafeRawBufferPointer) throws(CSVError) -> [UInt8] {
        switch encoding {
        case .utf8: return Array(chunk)
        case .windows1252: return windows1252(chunk)
        case .utf16: return try utf16(chunk)
        }
    }

    /// Checks that nothing is left half-read at the end of the file.
    mutating func finish() throws(CSVError) {
        if pendingByte != nil || pendingHigh != nil {
            throw CSVError(line: line, reason: .invalidText(encoding: encoding.rawValue))
        }
    }

    // MARK: Windows-1252

    /// The characters of bytes 0x80-0x9F, where Windows-1252 differs from Latin-1. The five
    /// bytes it leaves undefined map to the control characters of the same value, as browsers do.
    private static let windows1252High: [UInt16] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    private func windows1252(_ chunk: UnsafeRawBufferPointer) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count + chunk.count / 8)
        for byte in chunk {
            if byte < 0x80 {
                out.append(byte)
            } else {
                let scalar = byte < 0xA0 ? UInt32(Self.windows1252High[Int(byte - 0x80)]) : UInt32(byte)
                Self.appendUTF8(scalar, to: &out)
            }
        }
        return out
    }

    // MARK: UTF-16

    private mutating func utf16(_ chunk: UnsafeRawBufferPointer) throws(CSVError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(chunk.count)
        var index = 0
        while index < chunk.count {
            let first: UInt8
            if let pending = pendingByte {
                first = pending
                pendingByte = nil
            } else {
                first = chunk[index]
                index += 1
            }
            guard index < chunk.count else {
                pendingByte = first
                break
            }
            let second = chunk[index]
            index += 1
            if bigEndian == nil {
                bigEndian = false
                if first == 0xFF && second == 0xFE { continue }  // little-endian mark
                if first == 0xFE && second == 0xFF {
                    bigEndian = true
                    continue
                }
            }
            let unit = bigEndian == true ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
            try take(unit, into: &out)
        }
        return out
    }

    private mutating func take(_ unit: UInt16, into out: inout [UInt8]) throws(CSVError) {
        if let high = pendingHigh {
            pendingHigh = nil
            guard (0xDC00...0xDFFF).contains(unit) else {
                throw CSVError(line: line, reason: .invalidText(encoding: encoding.rawValue))
            }
            Self.appendUTF8(0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00), to: &out)
            return
        }
        switch unit {
        case 0xD800...0xDBFF:
            pendingHigh = unit
        case 0xDC00...0xDFFF:
            throw CSVError(line: line, reason: .invalidText(encoding: encoding.rawValue))
        default:
            if unit == 0x0A { line += 1 }
            Self.appendUTF8(UInt32(unit), to: &out)
        }
    }

    private static func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            out.append(UInt8(scalar))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | scalar >> 6))
            out.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | scalar >> 12))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        default:
            out.append(UInt8(0xF0 | scalar >> 18))
            out.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            out.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            out.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
