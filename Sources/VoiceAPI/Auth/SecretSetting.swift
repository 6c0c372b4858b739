import Foundation

/// Reads a secret setting from the environment: `NAME`, or the file named by `NAME_FILE`.
///
/// One rule for every secret (the API key, the webhook signing secret): a file any user of the
/// machine can read is refused, as ssh refuses such a private key, and errors name the setting
/// and the file, never the secret.
public enum SecretSetting {
    /// The secret's text, trimmed of surrounding whitespace; `nil` when neither variable is set.
    public static func read(_ name: String, _ environment: [String: String]) throws(SecretSettingError) -> String? {
        if let value = environment[name], !value.isEmpty {
            return value.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard let path = environment[name + "_FILE"], !path.isEmpty else { return nil }
        if let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
            mode & 0o004 != 0
        {
            throw .readableByAnyone(path: path, mode: mode)
        }
        do {
            return try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw .unreadableFile(path: path)
        }
    }
}

/// Why a secret file could not be used; never carries the secret.
public enum SecretSettingError: Error, Sendable, Equatable {
    case unreadableFile(path: String)
    /// The file's mode lets any user of the machine read it.
    case readableByAnyone(path: String, mode: Int)

    /// The message, naming the file as `what` (`the API key file`, `the webhook secret file`).
    public func message(naming what: String) -> String {
        switch self {
        case .unreadableFile(let path): "cannot read \(what) \(path)"
        case .readableByAnyone(let path, let mode):
            "\(what) \(path) can be read by any user (mode \(String(mode & 0o777, radix: 8))): chmod 600 it"
        }
    }
}
