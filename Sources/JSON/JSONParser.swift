/// A strict JSON parser (RFC 8259) from UTF-8 bytes into `JSONValue`, in one pass.
///
/// Refuses what the RFC does: trailing commas, leading zeros, bare control characters in strings,
/// unpaired surrogate escapes, invalid UTF-8, and anything after the value. It also refuses a key
/// repeated in one object (which of the two would count is ambiguous) and nesting deeper than
/// `maxDepth`, so a hostile body cannot exhaust the stack. A refusal says where, by line, column
/// and key path, and never quotes a value.
struct JSONParser {
    /// Deepest nesting of arrays and objects: provider bodies are three or four levels deep.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// Where the parser is: the key or index of each open object or array, for error messages.
    private var path: [PathStep] = []

    private enum PathStep {
        case key(String)
        case index(Int)
    }

    /// Why parsing stopped, and at which byte.
    private struct Failure: Error {
        let reason: JSONSyntaxError.Reason
        let offset: Int
        let path: [PathStep]
    }

    /// The value `bytes` hold, or nil when they are not exactly one JSON value.
    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        try? document(bytes)
    }

    /// The value `bytes` hold, or where and why they are not exactly one JSON value.
    static func document(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        do throws(Failure) {
            let value = try parser.value()
            parser.skipWhitespace()
            guard parser.index == bytes.count else { throw parser.failure(.textAfterTheValue) }
            return value
        } catch {
            throw JSONSyntaxError(
                reason: error.reason, keyPath: Self.keyPath(error.path), position: Self.position(of: error.offset, in: bytes))
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private func failure(_ reason: JSONSyntaxError.Reason, at offset: Int? = nil) -> Failure {
        Failure(reason: reason, offset: offset ?? index, path: path)
    }

    /// `calling_hours.days[2]`; empty at the top level.
    private static func keyPath(_ path: [PathStep]) -> String {
        var text = ""
        for step in path {
            switch step {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let position): text += "[\(position)]"
            }
        }
        return text
    }

    /// Line and column (both from 1; columns count characters, not bytes) of byte `offset`.
    private static func position(of offset: Int, in bytes: [UInt8]) -> (line: Int, column: Int) {
        var line = 1, column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {  // not a UTF-8 continuation byte
                column += 1
            }
        }
        return (line, column)
    }

    private mutating func value() throws(Failure) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw failure(.endsTooEarly) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func object() throws(Failure) -> JSONValue {
        try enter()
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if consume(UInt8(ascii: "}")) {
            depth -= 1
            return .object(members)
        }
        repeat {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "}"), !members.isEmpty { throw failure(.trailingComma) }
            guard index < bytes.count else { throw failure(.endsTooEarly) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw failure(.expectedKey) }
            let keyStart = index
            let key = try string()
            skipWhitespace()
            guard consume(UInt8(ascii: ":")) else { throw failure(index < bytes.count ? .expectedColon : .endsTooEarly) }
            path.append(.key(key))
            let member = try value()
            guard members.updateValue(member, forKey: key) == nil else { throw failure(.repeatedKey, at: keyStart) }
            path.removeLast()
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "}")) else { throw failure(index < bytes.count ? .expectedCommaOrEnd : .endsTooEarly) }
        depth -= 1
        return .object(members)
    }

    private mutating func array() throws(Failure) -> JSONValue {
        try enter()
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) {
            depth -= 1
            return .array(elements)
        }
        repeat {
            skipWhitespace()
            if index < bytes.count, bytes[index] == UInt8(ascii: "]"), !elements.isEmpty { throw failure(.trailingComma) }
            path.append(.index(elements.count))
            elements.append(try value())
            path.removeLast()
            skipWhitespace()
        } while consume(UInt8(ascii: ","))
        guard consume(UInt8(ascii: "]")) else { throw failure(index < bytes.count ? .expectedCommaOrEnd : .endsTooEarly) }
        depth -= 1
        return .array(elements)
    }

    /// Steps over the opening bracket, counting the depth.
    private mutating func enter() throws(Failure) {
        depth += 1
        guard depth <= Self.maxDepth else { throw failure(.nestedTooDeep) }
        index += 1
    }

    /// A string, from its opening quote to past its closing one.
    private mutating func string() throws(Failure) -> String {
        index += 1
        let start = index
        // Fast path: no escapes, so the bytes between the quotes are the string.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                defer { index += 1 }
                guard let text = String(validating: bytes[start..<index], as: UTF8.self) else { throw failure(.invalidString, at: start) }
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw failure(.invalidString) }
            index += 1
        }
        var scalars = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "\""):
                guard let text = String(validating: scalars, as: UTF8.self) else { throw failure(.invalidString, at: start) }
                return text
            case UInt8(ascii: "\\"):
                try escape(into: &scalars)
            case ..<0x20:
                throw failure(.invalidString, at: index - 1)
            default:
                scalars.append(byte)
            }
        }
        throw failure(.endsTooEarly)  // no closing quote
    }

    /// One escape after its backslash, appended as UTF-8.
    private mutating func escape(into output: inout [UInt8]) throws(Failure) {
        guard index < bytes.count else { throw failure(.endsTooEarly) }
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
                guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw failure(.invalidString) }
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else { throw failure(.invalidString) }
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
                throw failure(.invalidString)
            }
            guard let scalar = Unicode.Scalar(code) else { throw failure(.invalidString) }
            output.append(contentsOf: String(scalar).utf8)
        default:
            throw failure(.invalidString)
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        guard index + 4 <= bytes.count else { throw failure(.invalidString) }
        var code: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure(.invalidString)
            }
            code = code << 4 | UInt32(digit)
        }
        index += 4
        return code
    }

    /// A number as the RFC's grammar has it: an integer when it has no fraction or exponent and
    /// fits an `Int`, else a fraction; one too large for a Double is refused.
    private mutating func number() throws(Failure) -> JSONValue {
        let start = index
        let first = bytes[index]
        guard first == UInt8(ascii: "-") || Self.isDigit(first) else { throw failure(.unexpectedCharacter) }
        _ = consume(UInt8(ascii: "-"))
        if consume(UInt8(ascii: "0")) {
            // No leading zeros: "01" is not a number.
            if index < bytes.count, Self.isDigit(bytes[index]) { throw failure(.invalidNumber, at: start) }
        } else {
            guard digits() > 0 else { throw failure(.invalidNumber, at: start) }
        }
        var whole = true
        if consume(UInt8(ascii: ".")) {
            whole = false
            guard digits() > 0 else { throw failure(.invalidNumber, at: start) }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            whole = false
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits() > 0 else { throw failure(.invalidNumber, at: start) }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if whole, let integer = Int(text) { return .integer(integer) }
        guard let value = Double(text), value.isFinite else { throw failure(.invalidNumber, at: start) }
        return .fraction(value)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// Steps over decimal digits; returns how many.
    private mutating func digits() -> Int {
        let start = index
        while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        return index - start
    }

    private mutating func literal(_ word: String) throws(Failure) {
        let start = index
        for byte in word.utf8 {
            guard consume(byte) else { throw failure(index < bytes.count ? .unexpectedCharacter : .endsTooEarly, at: start) }
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
