import JSON
import Testing

/// `JSONString.quoted`: the one escaping rule for JSON written by hand.
@Suite struct JSONStringTests {
    @Test(arguments: [
        ("plain", #""plain""#),
        ("", #""""#),
        ("Zoë 日本 🦷", #""Zoë 日本 🦷""#),
        ("say \"hi\"", #""say \"hi\"""#),
        (#"back\slash"#, #""back\\slash""#),
        ("line\nbreak\r\ttab", #""line\nbreak\r\ttab""#),
        ("bell\u{07}nul\u{00}", #""bell\u0007nul\u0000""#),
        ("a/b", #""a/b""#),
    ])
    func escapesWhatJSONRequires(text: String, expected: String) {
        #expect(JSONString.quoted(text) == expected)
    }

    @Test func whatItWritesParsesBackToTheSameText() {
        let texts = ["", "x", "\"\\\u{01}\u{1F}", "mixed \" and é and \n", String((0..<0x80).map { Character(Unicode.Scalar(UInt8($0))) })]
        for text in texts {
            #expect(JSONValue.parse(Array(JSONString.quoted(text).utf8)) == .string(text))
        }
    }
}
