import Foundation
@testable import RemindersStore
import Testing

@Suite struct JSONObjectTextTests {
    @Test(arguments: [
        [:],
        ["b": "2", "a": "1"],
        ["quote": "say \"hi\"", "slash": #"C:\dir"#, "lines": "one\ntwo\r\n", "tab": "a\tb", "bell": "\u{07}"],
        ["name": "Zoë 日本 🦷", "": "empty key"],
    ])
    func roundTripsThroughJSONSerialization(object: [String: String]) throws {
        let text = JSONObjectText.encode(object)
        let decoded = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: String]
        #expect(decoded == object)
    }
}
