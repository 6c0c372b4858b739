/// A strict JSON parser (RFC 8259) from UTF-8 bytes into `JSONValue`, in one pass.
///
/// Refuses what the RFC does: trailing commas, leading zeros, bare control characters in strings,
/// unpaired surrogate escapes, invalid UTF-8, and anything after the value. It also refuses a key
/// repeated in one object (which of the two would count is ambiguous) and nesting deeper than
/// `maxDepth`, so a hostile body cannot exhaust the stack.
struct JSONParser {
    /// Deepest nesting of arrays and objects: provider bodies are three or four levels deep.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0

    /// Why parsing stopped; the caller only needs to know that it did.
    private struct Invalid: Error {}

    /// The value `bytes` hold, or nil when they are not exactly one JSON value.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONParser(bytes: bytes)
        do {
            let value = try parser.value()
            parser.skipWhitespace()
            return parser.index == bytes.count ? value : nil
        } catch {
            return nil
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func value() throws(Invalid) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw Invalid() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func object() throws(Invalid) -> JSONValue {
        try enter()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw Invalid() }
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw Invalid() }
            let member = try value()
            guard members.updateValue(member, forKey: key) == nil else { throw Invalid() }
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw Invalid() }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(Invalid) -> JSONValue {
        try enter()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            elements.append(try value())
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw Invalid() }
        depth -= 1
        return .array(elements)
    }

    /// Steps over the opening bracket, counting the depth.
    private mutating func enter() throws(Invalid) {
        depth += 1
        guard depth <= Self.maxDepth else { throw Invalid() }
        index += 1
    }

    /// A string, from its opening quote to past its closing one.
    private mutating func string() throws(Invalid) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                guard let text = String(validating: bytes[start..<index], as: UTF8.self) else { throw Invalid() }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw Invalid() }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scalars, as: UTF8.self) else { throw Invalid() }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &scalars)
            case ..<0x20:
                throw Invalid()
            default:
                scalars.append(byte)
            }
        }
        throw Invalid()  // no closing quote
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func escape(into output: inout [UInt8]) throws(Invalid) {
        guard index < bytes.count else { throw Invalid() }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): output.append(byte)
        case UInt8(ascii: "b"): output.append(0x08)
        case UInt8(ascii: "f"): output.append(0x0C)
        case UInt8(ascii: "n"): output.append(0x0A)
        case UInt8(ascii: "r"): output.append(0x0D)
        case UInt8(ascii: "t"): output.append(0x09)
        case UInt8(ascii: "u"):
            var code = try hex4()
            if (0xD800...0xDBFF).contains(code) {
                // A high surrogate must be followed by an escaped low one.
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw Invalid() }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw Invalid() }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw Invalid()
            }
            guard let scalar = Unicode.Scalar(code) else { throw Invalid() }
            output.append(contentsOf: String(scalar).utf8)
        default:
            throw Invalid()
        }
    }

    private mutating func hex4() throws(Invalid) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Invalid() }
        var code: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw Invalid()
            }
            code = code << 4 | UInt32(digit)
        }
        index += 4
        return code
    }

    /// A number as the RFC's grammar has it; one too large for a Double is refused.
    private mutating func number() throws(Invalid) -> Double {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // No leading zeros: "01" is not a number.
        } else {
            guard digits() > 0 else { throw Invalid() }
        }
        if consume(UInt8(ascii: ".")) {
            guard digits() > 0 else { throw Invalid() }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw Invalid() }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else {
            throw Invalid()
        }
        return value
    }

    /// Steps over decimal digits; returns how many.
    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String) throws(Invalid) {
        for byte in word.utf8 {
            guard consume(byte) else { throw Invalid() }
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }
}
