import Foundation
import Reminders
import Testing

/// The campaign keys of issue 18's worklist and write-back: `report_fields`, `store_transcripts`
/// and `source.postgres.writeback`, each checked where it is read and kept through the store.
@Suite struct WritebackCampaignTests {
    static let base = #"{"name": "w", "agent_id": "a", "from_number": "+15550100000", "timezone": "UTC""#

    static func parse(_ extra: String) throws -> Campaign {
        try Campaign.parse(Data((base + extra + "}").utf8), file: "w.json")
    }

    static func postgres(_ writeback: String) -> String {
        #", "source": {"postgres": {"query": "SELECT 1", "writeback": "\#(writeback)"}}"#
    }

    @Test func theNewKeysAreReadAndKeptByTheCanonicalForm() throws {
        let campaign = try Self.parse(#", "report_fields": ["Last Name", "Provider"], "store_transcripts": true"#
            + Self.postgres("UPDATE appts SET status = $2 WHERE id = $1"))
        #expect(campaign.reportFields == ["Last Name", "Provider"])
        #expect(campaign.storeTranscripts)
        #expect(campaign.writeback == "UPDATE appts SET status = $2 WHERE id = $1")
        #expect(try Campaign.parse(campaign.canonicalJSON(), file: "stored") == campaign)
        let plain = try Self.parse("")
        #expect(plain.reportFields.isEmpty && !plain.storeTranscripts && plain.writeback == nil)
        #expect(!String(decoding: plain.canonicalJSON(), as: UTF8.self).contains("report_fields"))
    }

    @Test(arguments: [
        ("UPDATE appts SET status = $2", "must use $1"),
        ("UPDATE appts SET status = $2 WHERE id = $1 AND x = $6", "uses $6"),
        ("UPDATE appts SET status = $12 WHERE id = $1", "uses $12"),
    ])
    func aWritebackMustNameTheContactAndNoParameterPastTheFifth(statement: String, message: String) throws {
        let error = try #require(throws: CampaignError.self) { try Self.parse(Self.postgres(statement)) }
        #expect(error.keyPath == "source.postgres.writeback")
        #expect(error.description.contains(message), "\(error)")
    }

    @Test func reportFieldsAreNamedOnceEach() throws {
        let error = try #require(throws: CampaignError.self) { try Self.parse(#", "report_fields": ["A", "A"]"#) }
        #expect(error.keyPath == "report_fields[1]")
        #expect(throws: CampaignError.self) { try Self.parse(#", "report_fields": [""]"#) }
        #expect(throws: CampaignError.self) { try Self.parse(#", "report_fields": [" \t"]"#) }
        #expect(throws: CampaignError.self) { try Self.parse(#", "report_fields": "A""#) }
        // Read as headers are: spaces around a name do not count, so " A" is "A" again.
        let spaced = try #require(throws: CampaignError.self) { try Self.parse(#", "report_fields": ["A", " A "]"#) }
        #expect(spaced.keyPath == "report_fields[1]")
        #expect(try Self.parse(#", "report_fields": [" Provider "]"#).reportFields == ["Provider"])
    }

    /// A report field may not take the name of one of the CSV report's own columns: the file
    /// would carry two columns of that name.
    @Test func reportFieldsDoNotReuseTheReportsOwnColumns() throws {
        for name in ["id", "phone", "status", "answer", "call_id"] {
            let error = try #require(throws: CampaignError.self) { try Self.parse(#", "report_fields": ["Provider", "\#(name)"]"#) }
            #expect(error.keyPath == "report_fields[1]")
            #expect(error.description.contains("is a column of the report itself"), "\(error)")
        }
    }

    @Test func theParametersAStatementUsesAreFound() {
        #expect(WritebackParameters.used(in: "UPDATE t SET a = $2, b = $4::timestamptz WHERE id = $1") == [1, 2, 4])
        // Dollar quotes and names holding `$` are not parameters.
        #expect(WritebackParameters.used(in: "SELECT $$x$$, a$1 FROM t WHERE id = $1") == [1])
        #expect(WritebackParameters.used(in: "SELECT $tag$ $3 $tag$ WHERE id=$1") == [1, 3])
    }
}
