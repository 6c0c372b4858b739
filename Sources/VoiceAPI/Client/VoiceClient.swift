public import Foundation

/// A blocking client for the provider's Voice API; every call waits at most `timeout`.
///
/// Synchronous by design: the runner is thread-based (libpq blocks), so a call here simply
/// blocks its thread. One client keeps one URLSession for its whole life.
public final class VoiceClient: Sendable {
    /// The API root, e.g. `https://api.example.com` (a path prefix is kept).
    public let baseURL: URL
    /// The total time one request may take, connection to last byte.
    public let timeout: Duration
    /// Identifies the provider account (base URL + key) for rate-limit buckets without storing the key.
    public let accountID: String
    private let apiKey: APIKey
    private let http: BlockingHTTPClient
    let now: @Sendable () -> Date

    /// Creates a client; `now` is injectable so HTTP-date `Retry-After` values can be tested.
    public init(
        baseURL: URL, apiKey: APIKey, timeout: Duration = .seconds(15),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.now = now
        self.http = BlockingHTTPClient()
        self.accountID = Self.accountID(baseURL: baseURL, apiKey: apiKey)
    }

    /// The account identity: hex SHA-256 of the normalized base URL and the key, cut to 32 hex digits (128 bits).
    public static func accountID(baseURL: URL, apiKey: APIKey) -> String {
        var base = baseURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        // The NUL separator keeps ("ab", "c") and ("a", "bc") apart.
        return String(SHA256.hexDigest(Array(base.utf8) + [0] + Array(apiKey.secret.utf8)).prefix(32))
    }

    // MARK: Transport

    /// Sends one authorized request and returns the body of a 2xx answer.
    func request(
        _ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil
    ) throws(VoiceAPIError) -> [UInt8] {
        try ResponseClassifier.classify(exchange(method, path, query: query, body: body), now: now()).get()
    }

    func exchange(_ method: String, _ path: String, query: [(String, String)] = [], body: [UInt8]? = nil)
        -> HTTPExchangeOutcome
    {
        guard let url = url(path: path, query: query) else { return .notSent("cannot build a URL for \(path)") }
        var headers = ["Authorization": "Bearer " + apiKey.secret, "Accept": "application/json"]
        if body != nil { headers["Content-Type"] = "application/json" }
        return http.send(method: method, url: url, headers: headers, body: body, deadline: timeout)
    }

    func url(path: String, query: [(String, String)]) -> URL? {
        var text = baseURL.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty {
            text += "?" + query.map { Self.queryComponent($0.0) + "=" + Self.queryComponent($0.1) }.joined(separator: "&")
        }
        return URL(string: text)
    }

    /// Characters safe in a path segment or query component (RFC 3986 unreserved).
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func segment(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static func queryComponent(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }
}
