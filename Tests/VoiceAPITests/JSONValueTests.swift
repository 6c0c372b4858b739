import Testing

@testable import VoiceAPI

/// `JSONValue.parse`: every JSON kind, kept apart (true is not 1), and nil for what is not JSON.
@Suite struct JSONValueTests {
    @Test func parsesEveryKind() throws {
        let value = JSONValue.parse(Array(#"{"t":true,"f":false,"one":1,"half":0.5,"s":"é\"x","n":null,"a":[0,false,"0"],"o":{"k":-2e3}}"#.utf8))
        let object = try #require(value?.object)
        #expect(object["t"] == .bool(true))
        #expect(object["f"] == .bool(false))
        #expect(object["one"] == .number(1))
        #expect(object["half"] == .number(0.5))
        #expect(object["s"] == .string("é\"x"))
        #expect(object["n"] == .null)
        #expect(object["a"] == .array([.number(0), .bool(false), .string("0")]))
        #expect(object["o"] == .object(["k": .number(-2000)]))
    }

    @Test(arguments: ["42", "\"text\"", "true", "null", "[]"])
    func parsesTopLevelValuesOtherThanObjects(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) != nil)
        #expect(JSONValue.parse(Array(text.utf8))?.object == nil)
    }

    @Test(arguments: ["", "{", "{\"a\":}", "{'a':1}", "[01]", "nul", "{\"a\":1} trailing", "\u{FEFF}"])
    func refusesWhatIsNotJSON(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }
}
