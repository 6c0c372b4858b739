public import Foundation

/// The provider's API key: a secret that never prints itself.
public struct APIKey: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret; read it only to build the `Authorization` header or a hash.
    public let secret: String

    /// Wraps a key; surrounding whitespace and trailing newlines are removed.
    public init(_ secret: String) throws(APIKeyError) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        guard !trimmed.contains(where: { $0.isNewline || $0 == " " }) else { throw .malformed }
        self.secret = trimmed
    }

    public var description: String { "APIKey(redacted)" }
    public var debugDescription: String { "APIKey(redacted)" }

    /// Loads the key from `VOICE_API_KEY`, or from the file named by `VOICE_API_KEY_FILE`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(APIKeyError) -> APIKey
    {
        let text: String?
        do {
            text = try SecretSetting.read("VOICE_API_KEY", environment)
        } catch {
            switch error {
            case .unreadableFile(let path): throw .unreadableFile(path: path)
            case .readableByAnyone(let path, let mode): throw .readableByAnyone(path: path, mode: mode)
            }
        }
        if let text { return try APIKey(text) }
        throw .missing
    }
}

/// Why an API key could not be loaded; never carries the key itself.
public enum APIKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing
    case empty
    case malformed
    case unreadableFile(path: String)
    /// The key file's mode lets any user of the machine read it.
    case readableByAnyone(path: String, mode: Int)

    public var description: String {
        switch self {
        case .missing: "no API key: set VOICE_API_KEY or VOICE_API_KEY_FILE"
        case .empty: "the API key is empty"
        case .malformed: "the API key contains spaces or line breaks"
        case .unreadableFile(let path): SecretSettingError.unreadableFile(path: path).message(naming: "the API key file")
        case .readableByAnyone(let path, let mode):
            SecretSettingError.readableByAnyone(path: path, mode: mode).message(naming: "the API key file")
        }
    }
}
