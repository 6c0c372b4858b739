/// Why a Voice API call did not give a usable answer, in the classes the runner acts on.
public enum VoiceAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 429: wait at least `retryAfter` (nil when the provider did not say).
    case rateLimited(retryAfter: Duration?)
    /// A 4xx other than 429: this request will not succeed if repeated.
    case permanent(status: Int, message: String)
    /// 5xx or nothing sent: safe to try again later.
    case transient(String)
    /// Sent, but no answer came: the effect may or may not have happened.
    case ambiguous(String)
    /// A 2xx whose body lacks what we need.
    case invalidResponse(String)

    public var description: String {
        switch self {
        case .rateLimited(let retryAfter):
            "rate limited by the provider" + (retryAfter.map { ", retry after \($0.seconds)s" } ?? "")
        case .permanent(let status, let message): "refused by the provider (HTTP \(status)): \(message)"
        case .transient(let reason): "temporary failure: \(reason)"
        case .ambiguous(let reason): "no answer from the provider: \(reason)"
        case .invalidResponse(let reason): "unexpected answer from the provider: \(reason)"
        }
    }
}
