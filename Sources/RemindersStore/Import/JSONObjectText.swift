/// Writes a flat string-to-string object as JSON text, for COPY into a jsonb column.
///
/// Keys come in dictionary order: jsonb stores them in its own canonical order, so the stored
/// value (and the row hash computed from it) does not depend on it.
///
/// Hand-written rather than JSONEncoder: it runs twice per imported row, and a direct byte
/// loop is several times faster than a general encoder for this one shape.
enum JSONObjectText {
    static func encode(_ object: [String: String]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64 * object.count + 2)
        bytes.append(UInt8(ascii: "{"))
        var first = true
        for (key, value) in object {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            appendString(key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendString(value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func appendString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most values need no escaping: copy them whole.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) {
            bytes.append(contentsOf: text.utf8)
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [92, 34])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [92, 92])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [92, UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [92, UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0..<0x20:
                // jsonb refuses raw control characters; \u0000 is refused too, but the CSV reader never yields NUL.
                bytes.append(contentsOf: [92, UInt8(ascii: "u"), 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
