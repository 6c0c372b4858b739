public import Foundation

extension VoiceClient {
    /// Creates a client from `VOICE_API_BASE_URL` and `VOICE_API_KEY` (or `VOICE_API_KEY_FILE`).
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment, timeout: Duration = .seconds(15)
    ) throws(VoiceClientSetupError) -> VoiceClient {
        guard let text = environment["VOICE_API_BASE_URL"], !text.isEmpty else { throw .missingBaseURL }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme),
            url.host != nil
        else { throw .invalidBaseURL(text) }
        let key: APIKey
        do {
            key = try APIKey.fromEnvironment(environment)
        } catch {
            throw .apiKey(error)
        }
        return VoiceClient(baseURL: url, apiKey: key, timeout: timeout)
    }
}

/// Why a client could not be set up from the environment; never carries the key.
public enum VoiceClientSetupError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingBaseURL
    case invalidBaseURL(String)
    case apiKey(APIKeyError)

    public var description: String {
        switch self {
        case .missingBaseURL: "no provider URL: set VOICE_API_BASE_URL"
        case .invalidBaseURL(let text): "VOICE_API_BASE_URL is not an http(s) URL: \(text.prefix(200))"
        case .apiKey(let error): error.description
        }
    }
}
