import Foundation
import Testing
import VoiceSimulator

@testable import JSON

/// `JSONValue.parse` (`JSONParser`): every JSON kind, strictly as RFC 8259 has it.
@Suite struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let value = JSONValue.parse(Array(#" {"t":true,"f":false,"one":1,"half":0.5,"s":"é\"x","n":null,"a":[0,false,"0"],"o":{"k":-2e3},"e":{},"z":[]} "#.utf8))
        let object = try #require(value?.object)
        #expect(object["t"] == .bool(true))
        #expect(object["f"] == .bool(false))
        #expect(object["one"] == .integer(1))
        #expect(object["half"] == .fraction(0.5))
        #expect(object["s"] == .string("é\"x"))
        #expect(object["n"] == .null)
        #expect(object["a"] == .array([.integer(0), .bool(false), .string("0")]))
        #expect(object["o"] == .object(["k": .fraction(-2000)]))
        #expect(object["e"] == .object([:]))
        #expect(object["z"] == .array([]))
    }

    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"),
        (#""\u00e9\u00E9""#, "éé"),
        (#""\ud83e\uddb7 tooth""#, "🦷 tooth"),
        (#""plain 日本語 🦷""#, "plain 日本語 🦷"),
        (#""""#, ""),
    ])
    func decodesStringEscapes(text: String, expected: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == .string(expected))
    }

    @Test(arguments: [
        ("0", JSONValue.integer(0)), ("-0", .integer(0)), ("12", .integer(12)), ("-12.5", .fraction(-12.5)),
        ("1e3", .fraction(1000)), ("1E+2", .fraction(100)), ("25e-1", .fraction(2.5)), ("600.0", .fraction(600)),
        ("123456789012", .integer(123_456_789_012)), ("9223372036854775807", .integer(Int.max)),
        ("9223372036854775808", .fraction(9_223_372_036_854_775_808)),
    ])
    func decodesNumbersTellingIntegersFromFractions(text: String, expected: JSONValue) {
        #expect(JSONValue.parse(Array(text.utf8)) == expected)
    }

    @Test func integerAccessorIsTolerantOfHowProvidersWriteWholeNumbers() {
        #expect(JSONValue.integer(42).integer == 42)
        #expect(JSONValue.fraction(42).integer == 42)
        #expect(JSONValue.fraction(42.5).integer == nil)
        #expect(JSONValue.string("42").integer == 42)
        #expect(JSONValue.bool(true).integer == nil)
    }

    /// Where and why a document is refused: the line, the column (in characters) and the key path.
    @Test(arguments: [
        ("", JSONSyntaxError.Reason.endsTooEarly, "", 1, 1),
        ("{", .endsTooEarly, "", 1, 2),
        ("{\n  \"a\": 1,\n}", .trailingComma, "", 3, 1),
        ("{\"days\": [\"mon\",\n  \"tue\",]}", .trailingComma, "days", 2, 9),
        ("{\"retry\": {\"delay\": \"1h\",\n \"delay\": \"2h\"}}", .repeatedKey, "retry.delay", 2, 2),
        ("{\"é\": 1, \"a\": [1, 2, tru]}", .unexpectedCharacter, "a[2]", 1, 22),
        ("{\"a\": 01}", .invalidNumber, "a", 1, 7),
        ("{\"a\" 1}", .expectedColon, "", 1, 6),
        ("{\"a\": 1 \"b\": 2}", .expectedCommaOrEnd, "", 1, 9),
        ("{a: 1}", .expectedKey, "", 1, 2),
        ("{\"a\": \"tab\there\"}", .invalidString, "a", 1, 11),
        ("{} {}", .textAfterTheValue, "", 1, 4),
        ("[[[", .endsTooEarly, "[0][0][0]", 1, 4),
    ])
    func saysWhereAndWhyADocumentIsRefused(text: String, reason: JSONSyntaxError.Reason, keyPath: String, line: Int, column: Int) {
        #expect(throws: JSONSyntaxError(reason: reason, keyPath: keyPath, position: (line, column))) {
            try JSONValue.parseDocument(Array(text.utf8))
        }
    }

    @Test func syntaxErrorsNeverQuoteTheDocument() {
        let secret = "+15551234567"
        for text in ["{\"phone\": \"\(secret)\" }}", "{\"\(secret)\": 1, \"\(secret)\": 2}", "[\"\(secret)\" \(secret)]"] {
            do {
                _ = try JSONValue.parseDocument(Array(text.utf8))
                Issue.record("\(text) parsed")
            } catch {
                #expect(!"\(error)".contains(secret) || error.reason == .repeatedKey)
            }
        }
    }

    @Test(arguments: ["42", "\"text\"", "true", "null", "[]"])
    func parsesTopLevelValuesOtherThanObjects(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) != nil)
        #expect(JSONValue.parse(Array(text.utf8))?.object == nil)
    }

    @Test(arguments: [
        "", " ", "{", "}", "{\"a\":}", "{'a':1}", "{a:1}", "[1,]", "{\"a\":1,}", "[,1]", "[1 2]", "{\"a\" 1}",
        "{\"a\":1}{", "{\"a\":1} trailing", "\u{FEFF}{}", "nul", "tru", "True", "NaN", "Infinity",
        "01", "-", "+1", ".5", "1.", "1e", "1e+", "--1", "0x10", "1e999", "-1e999",
        "\"unterminated", "\"tab\there\"", "\"new\nline\"", "\"bad \\x escape\"", "\"\\u12\"", "\"\\u12G4\"",
        "\"\\ud83e\"", "\"\\udd b7\"", "\"\\uddb7\"", "\"\\ud83e\\u0041\"",
        "{\"a\":1,\"a\":2}",
    ])
    func refusesWhatIsNotStrictJSON(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }

    @Test func refusesInvalidUTF8InStrings() {
        #expect(JSONValue.parse([0x22, 0xFF, 0x22]) == nil)
        #expect(JSONValue.parse([0x22, 0x5C, 0x6E, 0xC3, 0x22]) == nil)  // after an escape: "\n" then a cut-off é
        #expect(JSONValue.parse([0x22, 0xC3, 0xA9, 0x22]) == .string("é"))
    }

    @Test func refusesNestingDeeperThanTheLimit() {
        let deep = JSONParser.maxDepth
        let fits = String(repeating: "[", count: deep) + String(repeating: "]", count: deep)
        let tooDeep = String(repeating: "[", count: deep + 1) + String(repeating: "]", count: deep + 1)
        #expect(JSONValue.parse(Array(fits.utf8)) != nil)
        #expect(JSONValue.parse(Array(tooDeep.utf8)) == nil)
        #expect(JSONValue.parse(Array(String(repeating: "[", count: 100_000).utf8)) == nil)
    }

    /// Seeded random documents written by Foundation come back as the same values.
    @Test func agreesWithFoundationOnRandomDocuments() throws {
        var random = SeededRandom(seed: 20261125)
        for _ in 0..<300 {
            let tree = Self.randomTree(depth: 0, &random)
            let data = try JSONSerialization.data(withJSONObject: ["root": tree.foundation], options: [.fragmentsAllowed])
            let parsed = try #require(JSONValue.parse([UInt8](data))?.object?["root"])
            #expect(parsed == tree.value)
        }
    }

    /// Seeded mutations of a webhook body never crash the parser.
    @Test func survivesMutatedInput() {
        var random = SeededRandom(seed: 7)
        let base = Array(#"{"call_id":"c_1","status":"completed","timestamp":"2026-03-05T14:00:01Z","duration":42,"x":[1,{"y":"\u00e9"}]}"#.utf8)
        for _ in 0..<5_000 {
            var bytes = base
            for _ in 0..<Int(random.next() % 4 + 1) {
                let position = Int(random.next() % UInt64(bytes.count))
                switch random.next() % 3 {
                case 0: bytes[position] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.remove(at: position)
                default: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
                }
                if bytes.isEmpty { bytes = [0x7B] }
            }
            _ = JSONValue.parse(bytes)
        }
    }

    private static func randomTree(depth: Int, _ random: inout SeededRandom) -> (value: JSONValue, foundation: Any) {
        let kind = depth >= 4 ? random.next() % 4 : random.next() % 6
        switch kind {
        case 0: return (.null, NSNull())
        case 1:
            let flag = random.next() % 2 == 0
            return (.bool(flag), flag)
        case 2:
            let number = Double(Int64(bitPattern: random.next()) % 1_000_000) / 8
            // Foundation writes a whole Double without a fraction, so it comes back an integer.
            return (number.rounded() == number ? .integer(Int(number)) : .fraction(number), number)
        case 3:
            let alphabet = Array("az AZ09\"\\/\n\t\u{01}é日🦷")
            let text = String((0..<Int(random.next() % 12)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] })
            return (.string(text), text)
        case 4:
            let children = (0..<Int(random.next() % 4)).map { _ in randomTree(depth: depth + 1, &random) }
            return (.array(children.map(\.value)), children.map(\.foundation))
        default:
            var values: [String: JSONValue] = [:]
            var foundation: [String: Any] = [:]
            for index in 0..<Int(random.next() % 4) {
                let child = randomTree(depth: depth + 1, &random)
                values["k\(index)"] = child.value
                foundation["k\(index)"] = child.foundation
            }
            return (.object(values), foundation)
        }
    }
}
