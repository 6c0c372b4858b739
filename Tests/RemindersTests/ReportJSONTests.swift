import Foundation
import Reminders
import Testing

@Suite struct ReportJSONTests {
    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func controlCharactersQuotesAndUnicodeSurviveARoundTrip() throws {
        let id = "tab\there \"q\" back\\slash \u{01} newline\n é 🦷"
        var renderer = JSONReportRenderer()
        let row = ReportContactRow(id: id, phone: "+12125550100", status: "reached", attempts: 1,
                                   lastOutcome: "completed", lastCallAt: nil, callIDs: ["a\"b"])
        let object = try Self.parse(renderer.render(ReportHTMLTests.report(name: id), rows: [row]))
        #expect(object["campaign"] as? String == id)
        let rows = try #require(object["contact_rows"] as? [[String: Any]])
        #expect(rows.first?["id"] as? String == id)
        #expect(rows.first?["call_ids"] as? [String] == ["a\"b"])
    }

    @Test func noRowsIsAnEmptyArrayAndEveryContractKeyIsThere() throws {
        var renderer = JSONReportRenderer()
        let object = try Self.parse(renderer.render(ReportHTMLTests.report(), rows: []))
        #expect((object["contact_rows"] as? [Any])?.isEmpty == true)
        #expect(object["generated_at"] as? String == "1970-01-01T00:00:00Z")
        let contacts = try #require(object["contacts"] as? [String: Any])
        for key in ["total", "reached", "not_reached", "pending", "skipped", "cancelled"] {
            #expect(contacts[key] is Int, "contacts.\(key)")
        }
        let attempts = try #require(object["attempts"] as? [String: Any])
        for key in ["total", "completed", "no_answer", "busy", "failed", "unknown", "in_flight"] {
            #expect(attempts[key] is Int, "attempts.\(key)")
        }
        #expect(object["reach_rate"] as? Double == 0.6667)
    }
}
