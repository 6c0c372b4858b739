import Foundation
import Reminders
import Testing

@Suite struct ReportCSVTests {
    static func row(id: String, lastCallAt: Date? = nil) -> ReportContactRow {
        ReportContactRow(id: id, phone: "+447700900123", status: "not_reached", attempts: 3,
                         lastOutcome: lastCallAt == nil ? nil : "busy", lastCallAt: lastCallAt, callIDs: [])
    }

    @Test(arguments: [
        ("A1", "A1"),
        ("a,b", "\"a,b\""),
        ("say \"hi\"", "\"say \"\"hi\"\"\""),
        ("two\nlines", "\"two\nlines\""),
        ("cr\r", "\"cr\r\""),
        ("\"\u{301}x", "\"\"\"\u{301}x\""),  // a quote carrying a combining mark is still doubled
        ("", ""),
    ])
    func fieldsAreQuotedOnlyWhenNeeded(id: String, expected: String) {
        var renderer = CSVReportRenderer()
        #expect(renderer.row(Self.row(id: id)) == "\(expected),+447700900123,not_reached,3,,,,,\r\n")
    }

    @Test func headerAndAFullRowWithItsPhoneInFull() {
        var renderer = CSVReportRenderer()
        let text = renderer.render(ReportHTMLTests.report(), rows: [Self.row(id: "X", lastCallAt: Date(timeIntervalSince1970: 90))])
        #expect(text == "id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id\r\nX,+447700900123,not_reached,3,busy,1970-01-01T00:01:30Z,,,\r\n")
    }

    /// What a write-back sends (id, status, answer, last call time, call id) is in every row, and
    /// the campaign's `report_fields` follow under their own names, quoted like any field.
    @Test func theCallIDAndTheCampaignsReportFieldsEndEachRow() {
        var report = ReportHTMLTests.report()
        report.reportFields = ["Last Name", "Provider, MD"]
        var row = Self.row(id: "X", lastCallAt: Date(timeIntervalSince1970: 90))
        row.callIDs = ["call-1", "call-2"]
        row.answer = "confirmed"
        row.fields = ["O'Brien", "Dr. Ames, DDS"]
        var renderer = CSVReportRenderer()
        let text = renderer.render(report, rows: [row, Self.row(id: "Y")])
        #expect(text == "id,phone,status,attempts,last_outcome,last_call_at,answer,appointment_local,call_id,Last Name,\"Provider, MD\"\r\n"
            + "X,+447700900123,not_reached,3,busy,1970-01-01T00:01:30Z,confirmed,,call-2,O'Brien,\"Dr. Ames, DDS\"\r\n"
            + "Y,+447700900123,not_reached,3,,,,,,,\r\n")
    }
}
