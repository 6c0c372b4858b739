public import Foundation
import JSON

extension Campaign {
    /// Campaign files are a few kilobytes; anything past this is not a campaign file.
    public static let maximumFileSize = 1 << 20

    /// Reads and validates the campaign file at `path`: the one place this type touches the disk.
    public static func load(path: String) throws(CampaignError) -> Campaign {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CampaignError(file: path, keyPath: "", message: "cannot be read")
        }
        defer { try? handle.close() }
        let data: Data
        do {
            data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
        } catch {
            throw CampaignError(file: path, keyPath: "", message: "cannot be read")
        }
        guard data.count <= maximumFileSize else {
            throw CampaignError(file: path, keyPath: "", message: "is larger than \(maximumFileSize) bytes")
        }
        return try parse(data, file: path)
    }

    /// Validates a campaign file's bytes; `file` only names the source in errors.
    ///
    /// Every key is checked: unknown keys, wrong types, bad values and unsafe calling hours are
    /// errors, reported one at a time with the key path.
    public static func parse(_ data: Data, file: String) throws(CampaignError) -> Campaign {
        guard data.count <= maximumFileSize else {
            throw CampaignError(file: file, keyPath: "", message: "is larger than \(maximumFileSize) bytes")
        }
        let document: JSONValue
        do {
            document = try JSONValue.parseDocument([UInt8](data))
        } catch {
            throw syntaxError(error, file: file)
        }
        let root = try FieldReader(file: file, path: "", value: document, allowedKeys: Key.topLevel)
        return try CampaignFileParser(root: root).campaign()
    }

    /// A repeated key or a trailing comma is named by its key path; any other syntax error is about
    /// the whole file. Each says its line and column, since JSON parsers differ on what they allow.
    private static func syntaxError(_ error: JSONSyntaxError, file: String) -> CampaignError {
        let place = "(line \(error.line), column \(error.column))"
        switch error.reason {
        case .repeatedKey, .trailingComma:
            return CampaignError(file: file, keyPath: error.keyPath, message: "\(error.reason.rawValue) \(place)")
        default:
            return CampaignError(file: file, keyPath: "", message: "is not valid JSON: \(error.reason.rawValue) \(place)")
        }
    }

    /// The keys a campaign file may hold, per object.
    enum Key {
        static let topLevel: Set<String> = [
            "name", "agent_id", "from_number", "max_duration", "recording", "timezone", "default_region",
            "locale", "calling_hours", "remind_before", "retry", "rate_limit", "columns", "context", "source",
            "submit_ahead", "frequency_cap", "status_poll_grace", "csv", "appointment_format", "cancelled_values", "answers",
            "report_fields", "store_transcripts",
        ]
        static let callingHours: Set<String> = ["start", "end", "days", "override_legal_hours"]
        static let retry: Set<String> = ["max_attempts", "delay", "on"]
        static let rateLimit: Set<String> = ["per_minute", "burst"]
        static let columns: Set<String> = [
            "id", "phone", "timezone", "appointment_at", "appointment_date", "appointment_time", "status",
        ]
        static let source: Set<String> = ["csv", "postgres"]
        static let postgres: Set<String> = ["query", "recheck", "recheck_wait", "recheck_unavailable", "writeback"]
        static let frequencyCap: Set<String> = ["per_day", "per_week"]
        static let csv: Set<String> = ["delimiter", "encoding"]
    }
}
