import Foundation
import Reminders
@testable import RemindersStore
import Testing

@Suite struct ImportPipelineTests {
    static let header = ImportFixture.header.split(separator: ",").map(String.init)

    static func pipeline(_ json: String = ImportFixture.campaignJSON) throws -> ImportPipeline {
        let campaign = try Campaign.parse(Data(json.utf8), file: "t.json")
        return try ImportPipeline(campaign: campaign, header: header, source: "t.csv", now: ImportFixture.now)
    }

    static func record(_ line: Int, _ text: String) -> CSVRecord {
        CSVRecord(line: line, fields: text.split(separator: ",", omittingEmptySubsequences: false).map(String.init))
    }

    struct NotAContact: Error {}

    /// The staged contact, or a thrown error when the row came to something else.
    static func contact(_ staged: ImportPipeline.Staged) throws -> StagedContact {
        guard case .contact(let contact) = staged else { throw NotAContact() }
        return contact
    }

    @Test func aDueRowGetsItsDueTime() throws {
        var pipeline = try Self.pipeline()
        let staged = try Self.contact(pipeline.stage(Self.record(2, "A1,Ana,2125550101,2026-11-25T10:00,")))
        #expect(staged.due == .due(Date(timeIntervalSince1970: 1_795_186_800 + 4 * 86_400)))
        let values = staged.copyValues
        #expect(values.count == ImportSQL.stagingColumns.split(separator: ",").count)
        #expect(values[0] == "2" && values[1] == "A1" && values[2] == "+12125550101" && values[3] == "America/New_York")
        #expect(values[8] == nil)
    }

    @Test(arguments: [
        ("2026-11-19T10:00", DueTime.SkipReason.appointmentPassed),
        ("2026-11-20T10:10", .tooCloseToAppointment),
    ])
    func aRowThatCannotBeRemindedIsSkipped(appointment: String, reason: DueTime.SkipReason) throws {
        var pipeline = try Self.pipeline()
        let staged = try Self.contact(pipeline.stage(Self.record(2, "A1,Ana,2125550101,\(appointment),")))
        #expect(staged.due == .skip(reason))
        #expect(staged.copyValues[7] == nil && staged.copyValues[8] == reason.rawValue)
    }

    @Test func aRaggedRowIsRejectedNotFatal() throws {
        var pipeline = try Self.pipeline()
        let result = pipeline.stage(Self.record(7, "A1,Ana,2125550101"))
        guard case .rejected(let rejection) = result else { Issue.record("accepted a ragged row"); return }
        #expect(rejection.line == 7)
        #expect(rejection.reason.contains("expected 5 fields"))
    }

    @Test func aTimezoneColumnIsOptionalUnlessMapped() throws {
        let campaign = try Campaign.parse(Data(ImportFixture.campaignJSON.utf8), file: "t.json")
        _ = try ImportPipeline(campaign: campaign, header: ["id", "first_name", "phone", "appointment_at"], source: "t.csv", now: ImportFixture.now)
    }

    @Test func headerAndTemplateProblemsNameTheSource() throws {
        let campaign = try Campaign.parse(Data(ImportFixture.campaignJSON.utf8), file: "t.json")
        #expect(throws: ImportError.header(source: "t.csv", .missingColumn("phone", field: "phone"))) {
            _ = try ImportPipeline(campaign: campaign, header: ["id", "first_name", "appointment_at"], source: "t.csv", now: ImportFixture.now)
        }
        let broken = ImportFixture.campaignJSON.replacingOccurrences(of: "{{first_name}}", with: "{{first_name | shout}}")
        #expect(throws: ImportError.self) { _ = try Self.pipeline(broken) }
    }
}
