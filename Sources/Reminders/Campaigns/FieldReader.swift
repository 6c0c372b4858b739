import Foundation
import JSON

/// Reads one JSON object of a campaign file strictly, naming the file and key path in errors.
///
/// It is built with the keys the object may hold, so an unknown key fails before anything else
/// and a typo is reported as a typo, not as a missing key.
struct FieldReader {
    let file: String
    let path: String
    private let fields: [String: JSONValue]

    /// Longest string accepted for free-form values; far above any real value, it keeps a
    /// pasted document out of the store.
    static let maximumStringLength = 10_000

    init(file: String, path: String, value: JSONValue, allowedKeys: Set<String>) throws(CampaignError) {
        self.file = file
        self.path = path
        guard case .object(let fields) = value else {
            throw CampaignError(file: file, keyPath: path, message: "must be an object, not \(value.typeName)")
        }
        self.fields = fields
        if let unknown = fields.keys.sorted().first(where: { !allowedKeys.contains($0) }) {
            throw error(unknown, "unknown key")
        }
    }

    /// The key path of `key` inside this object.
    func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// An error at `key` of this object.
    func error(_ key: String, _ message: String) -> CampaignError {
        CampaignError(file: file, keyPath: keyPath(key), message: message)
    }

    /// An error about this object as a whole.
    func error(_ message: String) -> CampaignError {
        CampaignError(file: file, keyPath: path, message: message)
    }

    /// The raw value at `key`, or nil when absent.
    func value(_ key: String) -> JSONValue? { fields[key] }

    /// All keys present, sorted.
    var keys: [String] { fields.keys.sorted() }

    func required<T>(_ key: String, _ read: (String) throws(CampaignError) -> T?) throws(CampaignError) -> T {
        guard let value = try read(key) else { throw error(key, "is required") }
        return value
    }

    /// A string exactly as written, whitespace included (a tab separator, say).
    func verbatimString(_ key: String) throws(CampaignError) -> String? {
        guard let value = fields[key] else { return nil }
        guard case .string(let text) = value else { throw error(key, "must be a string, not \(value.typeName)") }
        return text
    }

    /// A non-empty string of at most `maximumStringLength` characters.
    func string(_ key: String) throws(CampaignError) -> String? {
        guard let value = fields[key] else { return nil }
        return try Self.string(value, at: keyPath(key), file: file)
    }

    static func string(_ value: JSONValue, at keyPath: String, file: String) throws(CampaignError) -> String {
        guard case .string(let text) = value else {
            throw CampaignError(file: file, keyPath: keyPath, message: "must be a string, not \(value.typeName)")
        }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw CampaignError(file: file, keyPath: keyPath, message: "must not be empty")
        }
        guard text.count <= maximumStringLength else {
            throw CampaignError(file: file, keyPath: keyPath, message: "is longer than \(maximumStringLength) characters")
        }
        return text
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(CampaignError) -> Int? {
        guard let value = fields[key] else { return nil }
        guard case .integer(let number) = value else {
            throw error(key, "must be an integer, not \(value.typeName)")
        }
        guard range.contains(number) else {
            throw error(key, "\(number) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    func bool(_ key: String) throws(CampaignError) -> Bool? {
        guard let value = fields[key] else { return nil }
        guard case .bool(let flag) = value else {
            throw error(key, "must be true or false, not \(value.typeName)")
        }
        return flag
    }

    func array(_ key: String) throws(CampaignError) -> [JSONValue]? {
        guard let value = fields[key] else { return nil }
        guard case .array(let items) = value else {
            throw error(key, "must be an array, not \(value.typeName)")
        }
        return items
    }

    func object(_ key: String, allowedKeys: Set<String>) throws(CampaignError) -> FieldReader? {
        guard let value = fields[key] else { return nil }
        return try FieldReader(file: file, path: keyPath(key), value: value, allowedKeys: allowedKeys)
    }

    /// An object whose keys are free (such as `context`), or nil when absent.
    func openObject(_ key: String) throws(CampaignError) -> [String: JSONValue]? {
        guard let value = fields[key] else { return nil }
        guard case .object(let members) = value else {
            throw error(key, "must be an object, not \(value.typeName)")
        }
        return members
    }

    /// A duration string within `range`.
    func duration(_ key: String, in range: ClosedRange<CampaignDuration>) throws(CampaignError) -> CampaignDuration? {
        guard let text = try string(key) else { return nil }
        let duration: CampaignDuration
        do {
            duration = try CampaignDuration(parsing: text)
        } catch {
            throw self.error(key, error.description)
        }
        guard range.contains(duration) else {
            throw error(key, "\(duration) is outside \(range.lowerBound)...\(range.upperBound)")
        }
        return duration
    }
}

extension String {
    /// The text quoted for an error message, shortened so a pasted blob stays readable.
    var quotedForError: String {
        count > 40 ? "\"\(prefix(40))…\"" : "\"\(self)\""
    }
}
