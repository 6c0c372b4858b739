import Foundation
import Postgres
import Reminders
import RemindersStore

/// A campaign, CSV files in a temporary folder and a one-call import, for the importer tests.
struct ImportFixture {
    /// Friday 2026-11-20 15:00 UTC: every due time in these tests is computed from it.
    static let now = Date(timeIntervalSince1970: 1_795_186_800)

    static let campaignJSON = """
        {"name": "import-test", "agent_id": "agent_1", "from_number": "+12125550100",
         "timezone": "America/New_York", "default_region": "US", "remind_before": "24h",
         "context": {"greeting": "Hi {{first_name}}", "when": "{{appointment_at | datetime}}"}}
        """

    static let header = "id,first_name,phone,appointment_at,timezone"

    let campaign: Campaign
    let folder: URL

    init(campaignJSON: String = ImportFixture.campaignJSON) throws {
        campaign = try Campaign.parse(Data(campaignJSON.utf8), file: "import-test.json")
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("import-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    /// Writes `lines` (header first) as a file and returns its path.
    func write(_ lines: [String], name: String = "contacts.csv") throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url.path
    }

    func write(bytes: [UInt8], name: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    /// Imports the file at `path`; returns the summary and the rejections reported.
    func run(
        _ path: String, _ db: Connection, dryRun: Bool = false, now: Date = ImportFixture.now, campaign: Campaign? = nil,
        maxRecordBytes: Int = CSVParser.defaultMaxRecordBytes, complete: Bool = false, allowMassCancel: Bool = false
    ) throws -> (ImportSummary, [RowRejection]) {
        var reader = try CSVReader(path: path, maxRecordBytes: maxRecordBytes)
        var rejections: [RowRejection] = []
        var options = Importer.Options()
        options.dryRun = dryRun
        options.complete = complete
        options.allowMassCancel = allowMassCancel
        options.now = now
        options.rejected = { rejections.append($0) }
        let summary = try Importer(campaign: campaign ?? self.campaign, sourceName: path).run(from: &reader, into: db, options: options)
        return (summary, rejections)
    }
}

extension Connection {
    /// The first column of the first row as `T` (counts and single values in assertions).
    func scalar<T: PostgresDecodable>(_ query: Query, as type: T.Type = T.self) throws -> T? {
        try self.query(query).first?.decode(0, as: T.self)
    }
}
