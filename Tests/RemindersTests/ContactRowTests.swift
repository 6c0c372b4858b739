import Foundation
import Testing

@testable import Reminders

private let newYork = TimeZone(identifier: "America/New_York")!
private let enUS = Locale(identifier: "en_US")

private func templates(_ sources: [String: String]) throws -> [String: ContextTemplate] {
    try sources.mapValues { source throws(TemplateError) in try ContextTemplate(source) }
}

struct ContactColumnsTests {
    struct Resolution: Sendable {
        let header: [String]
        let mapping: [String: String]
        let expected: (id: Int, phone: Int, timeZone: Int?, appointmentAt: Int)
    }

    static let resolutions: [Resolution] = [
        Resolution(
            header: ["Appt ID", "Mobile", "TZ", "Start", "first_name"],
            mapping: ["id": "Appt ID", "phone": "Mobile", "timezone": "TZ", "appointment_at": "Start"],
            expected: (0, 1, 2, 3)),
        Resolution(
            header: ["appointment_at", "timezone", "phone", "id"], mapping: [:], expected: (3, 2, 1, 0)),
        Resolution(header: ["id", "phone", "appointment_at"], mapping: [:], expected: (0, 1, nil, 2)),
        Resolution(header: [" id ", "phone\t", "when", "", ""], mapping: ["appointment_at": "when"], expected: (0, 1, nil, 2)),
        Resolution(header: ["Mobile", "id", "phone", "appointment_at"], mapping: ["phone": "Mobile"], expected: (1, 0, nil, 3)),
        Resolution(header: ["id", "Mobile", "Start"], mapping: ["phone": " Mobile", "appointment_at": "Start "], expected: (0, 1, nil, 2)),
    ]

    @Test(arguments: resolutions)
    func findsEachFieldsColumn(_ resolution: Resolution) throws {
        let columns = try ContactColumns.resolve(header: resolution.header, mapping: resolution.mapping, templates: [:])
        #expect(columns.id == resolution.expected.id)
        #expect(columns.phone == resolution.expected.phone)
        #expect(columns.timeZone == resolution.expected.timeZone)
        #expect(columns.appointmentIndex == resolution.expected.appointmentAt)
        #expect(columns.header.count == resolution.header.count)
    }

    @Test(arguments: [
        (["id", "phone", "appointment_at"], ["phone": "Mobile"], ContactColumnsError.missingColumn("Mobile", field: "phone"),
         "missing column \"Mobile\" (for phone)"),
        (["id", "phone"], [:], .missingColumn("appointment_at", field: "appointment_at"),
         "missing column \"appointment_at\" (for appointment_at)"),
        (["id", "phone", "appointment_at"], ["timezone": "TZ"], .missingColumn("TZ", field: "timezone"),
         "missing column \"TZ\" (for timezone)"),
        (["id", "phone", "appointment_at", " phone"], [:], .duplicateColumn("phone"),
         "duplicate column \"phone\" in the header"),
        (["id", "phone", "appointment_at"], ["mobile": "phone"], .unknownField("mobile"),
         "unknown field \"mobile\" in columns (known: id, phone, timezone, appointment_at, appointment_date, appointment_time, status)"),
        (["id", "phone", "appointment_at", "last_name"], [:], .missingTemplateColumn("first_name", context: "greeting"),
         "missing column \"first_name\" (used by context \"greeting\")"),
    ])
    func namesWhatTheHeaderLacks(_ header: [String], mapping: [String: String], error: ContactColumnsError, message: String) throws {
        let templates = try templates(["greeting": "Hi {{first_name}} {{last_name}}", "time": "{{appointment_at | time}}"])
        #expect(throws: error) { try ContactColumns.resolve(header: header, mapping: mapping, templates: templates) }
        #expect(error.description == message)
    }
}

struct ContactRowTests {
    static let header = ["id", "phone", "timezone", "appointment_at", "first_name"]

    private func parse(_ fields: [String], line: Int = 7) throws -> Result<ContactRow, RowRejection> {
        let templates = try templates(["greeting": "Hi {{first_name}}", "when": "{{appointment_at | datetime}}"])
        let columns = try ContactColumns.resolve(header: Self.header, mapping: [:], templates: templates)
        return ContactRow.parse(
            record: CSVRecord(line: line, fields: fields), columns: columns, defaultRegion: "US",
            defaultTimeZone: newYork, locale: enUS, templates: templates)
    }

    @Test func readsAContactInTheDefaultZone() throws {
        let row = try parse(["A-1", "(212) 555-0134", "", "2026-11-26 09:30", "Ann"]).get()
        #expect(row.line == 7)
        #expect(row.externalID == "A-1")
        #expect(row.phone.e164 == "+12125550134")
        #expect(row.timeZoneIdentifier == "America/New_York")
        #expect(row.appointmentAt == Date(timeIntervalSince1970: 1_795_703_400))  // 2026-11-26T14:30:00Z
        #expect(row.fields == [
            "id": "A-1", "phone": "(212) 555-0134", "timezone": "", "appointment_at": "2026-11-26 09:30", "first_name": "Ann",
        ])
        #expect(row.context == ["greeting": "Hi Ann", "when": "Thursday, November 26, 2026 at 9:30 AM"])
    }

    @Test func readsTheContactsOwnZoneAndTrimsValues() throws {
        let row = try parse([" A-2 ", "+44 20 7946 0958", " Europe/London ", "2026-11-26T09:30", " Bo "]).get()
        #expect(row.externalID == "A-2")
        #expect(row.phone.e164 == "+442079460958")
        #expect(row.timeZoneIdentifier == "Europe/London")
        #expect(row.appointmentAt == Date(timeIntervalSince1970: 1_795_685_400))  // 2026-11-26T09:30:00Z
        #expect(row.context["greeting"] == "Hi Bo")
        #expect(row.context["when"] == "Thursday, November 26, 2026 at 9:30 AM")
    }

    @Test func keepsUTCAsWritten() throws {
        let row = try parse(["A-3", "2125550134", "UTC", "2026-11-26T09:30", "Ann"]).get()
        #expect(row.timeZoneIdentifier == "UTC")
    }

    static let rejections: [(fields: [String], id: String?, field: String?, reason: String)] = [
        (["A-3", "2125550134"], "A-3", nil, "expected 5 fields as in the header, found 2"),
        (["A-3", "2125550134", "", "2026-11-26 09:30", "Ann", "extra"], "A-3", nil,
         "expected 5 fields as in the header, found 6"),
        (["", "2125550134", "", "2026-11-26 09:30", "Ann"], nil, "id", "missing id"),
        ([String(repeating: "7", count: 129), "2125550134", "", "2026-11-26 09:30", "Ann"],
         String(repeating: "7", count: 129), "id", "id longer than 128 characters"),
        (["A-4", "555 0134", "", "2026-11-26 09:30", "Ann"], "A-4", "phone",
         PhoneNumberError.invalidLength(region: "US", expected: "10 digits, or 1 and 10 digits", found: 7).description),
        (["A-4", "", "", "2026-11-26 09:30", "Ann"], "A-4", "phone", "no phone number"),
        (["A-5", "2125550134", "EST", "2026-11-26 09:30", "Ann"], "A-5", "timezone",
         TimeZoneError.abbreviation("EST", suggestion: "America/New_York").rowReason),
        (["A-6", "2125550134", "", "next week", "Ann"], "A-6", "appointment_at", AppointmentTimeError.invalidFormat.description),
        (["A-6", "2125550134", "", "", "Ann"], "A-6", "appointment_at", "missing appointment time"),
        (["A-7", "2125550134", "", "2026-03-08 02:30", "Ann"], "A-7", "appointment_at",
         AppointmentTimeError.nonexistentLocalTime(timeZone: "America/New_York").description),
        (["A-8", "2125550134", "", "2026-11-26 09:30", " "], "A-8", "context.greeting", "missing value for column first_name"),
    ]

    @Test(arguments: rejections)
    func rejectsARowWithItsLineAndField(_ fields: [String], id: String?, field: String?, reason: String) throws {
        let result = try parse(fields, line: 12)
        #expect(result == .failure(RowRejection(line: 12, id: id, field: field, reason: reason)))
    }

    @Test func reportsTheFirstFailingTemplateByKey() throws {
        let templates = try templates(["b": "{{nickname}}", "a": "{{title}}", "c": "{{first_name}}"])
        let header = Self.header + ["nickname", "title"]
        let columns = try ContactColumns.resolve(header: header, mapping: [:], templates: templates)
        let record = CSVRecord(line: 2, fields: ["A-1", "2125550134", "", "2026-11-26 09:30", "Ann", "", ""])
        for _ in 0..<5 {
            let result = ContactRow.parse(
                record: record, columns: columns, defaultRegion: "US", defaultTimeZone: newYork, locale: enUS,
                templates: templates)
            #expect(result.failure?.field == "context.a")
        }
    }

    @Test func rejectionsNeverCarryThePhoneNumberOrName() throws {
        let failure = try #require(try parse(["A-9", "212 155 0134", "", "2026-11-26 09:30", "Ann"], line: 3).failure)
        #expect(failure.description == "line 3 (id A-9): phone: exchange code cannot start with 0 or 1")
        #expect(!failure.description.contains("1550134"))
        let missing = try #require(try parse(["A-9", "2125550134", "", "soon", "Ann"]).failure)
        #expect(!missing.description.contains("Ann"))
    }
}

extension Result {
    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension ContactColumnsTests {
    /// A `report_fields` column the file lacks fails the whole file before any row, like a template's.
    @Test func aReportFieldTheHeaderLacksIsNamed() throws {
        let header = ["id", "phone", "appointment_at", "Last Name"]
        let map = Campaign.ColumnMap()
        _ = try ContactColumns.resolve(header: header, columns: map, templates: [:], reportFields: [" Last Name"])
        #expect(throws: ContactColumnsError.missingColumn("Provider", field: "report_fields")) {
            try ContactColumns.resolve(header: header, columns: map, templates: [:], reportFields: ["Last Name", "Provider"])
        }
    }
}
