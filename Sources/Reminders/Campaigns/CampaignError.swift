/// A campaign file that cannot be used: one error naming the file and, where it applies, the
/// key path, such as `campaigns/dental.json: retry.delay: "5x" is not a duration`.
public struct CampaignError: Error, Equatable, CustomStringConvertible {
    /// The file as the operator named it.
    public let file: String
    /// The key path inside the file, such as `calling_hours.days[2]`; empty for the whole file.
    public let keyPath: String
    /// What is wrong, without personal data.
    public let message: String

    /// Creates an error for `file` at `keyPath`.
    public init(file: String, keyPath: String, message: String) {
        self.file = file
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        keyPath.isEmpty ? "\(file): \(message)" : "\(file): \(keyPath): \(message)"
    }
}
