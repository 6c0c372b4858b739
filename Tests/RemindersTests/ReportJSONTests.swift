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

    /// `writeback` and each row's `fields` appear only for campaigns that have them, so reports of
    /// other campaigns keep their exact shape.
    @Test func writebackCountsAndReportFieldsAppearOnlyWhenTheCampaignHasThem() throws {
        let row = ReportContactRow(id: "A", phone: "+12125550100", status: "reached", attempts: 1,
                                   lastOutcome: "completed", lastCallAt: nil, callIDs: [])
        var plain = JSONReportRenderer()
        let without = try Self.parse(plain.render(ReportHTMLTests.report(), rows: [row]))
        #expect(without["writeback"] == nil)
        #expect((without["contact_rows"] as? [[String: Any]])?.first?["fields"] == nil)
        var report = ReportHTMLTests.report()
        report.writebacks = WritebackCounts(applied: 5, pending: 2, failed: 1)
        report.reportFields = ["Last Name", "Provider"]
        var filled = row
        filled.fields = ["Okafor", "Dr. \"Ames\""]
        var renderer = JSONReportRenderer()
        let object = try Self.parse(renderer.render(report, rows: [filled]))
        #expect(object["writeback"] as? [String: Int] == ["applied": 5, "pending": 2, "failed": 1])
        let fields = (object["contact_rows"] as? [[String: Any]])?.first?["fields"] as? [String: String]
        #expect(fields == ["Last Name": "Okafor", "Provider": "Dr. \"Ames\""])
    }

    @Test func transcriptsAppearOnlyWhenAskedFor() throws {
        var plain = JSONReportRenderer()
        #expect(try Self.parse(plain.render(ReportHTMLTests.report(), rows: []))["transcripts"] == nil)
        var report = ReportHTMLTests.report()
        report.transcripts = [
            CallTranscript(contactID: "P1", callID: "call-1", turns: [.init(role: "agent", text: "Hello \"Ann\"")],
                           recordingID: "rec-1", recordingURL: "file-at-provider", recordingDuration: 42),
            CallTranscript(contactID: "P2", callID: "call-2", error: "refused by the provider (HTTP 404): gone"),
        ]
        var renderer = JSONReportRenderer()
        let transcripts = try #require(try Self.parse(renderer.render(report, rows: []))["transcripts"] as? [[String: Any]])
        #expect(transcripts.count == 2)
        #expect((transcripts[0]["turns"] as? [[String: String]]) == [["role": "agent", "text": "Hello \"Ann\""]])
        #expect((transcripts[0]["recording"] as? [String: Any])?["duration"] as? Int == 42)
        #expect(transcripts[1]["recording"] is NSNull)
        #expect(transcripts[1]["error"] as? String == "refused by the provider (HTTP 404): gone")
    }
}
