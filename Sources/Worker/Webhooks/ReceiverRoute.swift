/// The public listener's routes, read from a request's method and path (no IO, no database).
/// `/metrics` is not one of them: it has a listener of its own (`MetricsListener`).
public enum ReceiverRoute: Equatable, Sendable {
    /// `POST /webhooks/voice/{token}`; `token` is as written in the path, not yet checked.
    case webhook(token: String)
    /// `GET /healthz`.
    case health
    /// A known path with the wrong method; `allowed` goes in the `Allow` header.
    case methodNotAllowed(allowed: String)
    /// Any other path.
    case notFound

    static let webhookPrefix = "/webhooks/voice/"

    /// The route for `method` and `path`.
    public init(method: String, path: String) {
        if path.hasPrefix(Self.webhookPrefix) {
            let token = path.dropFirst(Self.webhookPrefix.count)
            guard !token.isEmpty, !token.contains("/") else {
                self = .notFound
                return
            }
            self = method == "POST" ? .webhook(token: String(token)) : .methodNotAllowed(allowed: "POST")
            return
        }
        switch path {
        case "/healthz": self = method == "GET" || method == "HEAD" ? .health : .methodNotAllowed(allowed: "GET, HEAD")
        default: self = .notFound
        }
    }

    /// A label for metrics and logs that never contains a token.
    public static func label(method: String, path: String) -> String {
        if path.hasPrefix(webhookPrefix) { return "/webhooks/voice/{token}" }
        switch path {
        case "/healthz": return path
        default: return "other"
        }
    }
}
