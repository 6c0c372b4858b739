public import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// A blocking HTTP client with a true total deadline per request.
///
/// URLSession's own timeout on Linux restarts with every byte received, so a slow trickle could
/// hold a caller forever; here the caller waits at most `deadline` and the task is then cancelled.
///
/// Reads (`GET`, `HEAD`) share one long-lived session and its kept-alive connections. Every other
/// request (a dial, a start, an end: each places or changes a call) gets a session, and so a
/// connection, of its own: libcurl resends a request whose reused connection closed without an
/// answer, and a second dial is a second call to a patient. On a fresh connection nothing is
/// resent, and a lost answer is reported at once as a lost connection.
public final class BlockingHTTPClient: Sendable {
    private let pooled: URLSession

    /// Creates a client (no cookies, no cache, redirects never followed).
    public init() {
        pooled = Self.makeSession()
    }

    deinit {
        pooled.invalidateAndCancel()
    }

    private static func makeSession() -> URLSession {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        return URLSession(configuration: configuration, delegate: NoRedirects(), delegateQueue: nil)
    }

    /// Whether a request may be repeated without effect, and so may ride a reused connection.
    static func isSafeToRepeat(_ method: String) -> Bool {
        method == "GET" || method == "HEAD"
    }

    /// Sends one request and waits for its answer, at most `deadline`.
    public func send(
        method: String, url: URL, headers: [String: String] = [:], body: [UInt8]? = nil, deadline: Duration
    ) -> HTTPExchangeOutcome {
        var request = URLRequest(url: url)
        request.httpMethod = method
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body { request.httpBody = Data(body) }
        // A backstop only: our own deadline below is the one that counts.
        request.timeoutInterval = deadline.seconds + 1
        let session: URLSession
        if Self.isSafeToRepeat(method) {
            session = pooled
        } else {
            session = Self.makeSession()
            // The server closes after answering, so not even the peer keeps the connection.
            request.setValue("close", forHTTPHeaderField: "Connection")
        }
        defer { if session !== pooled { session.finishTasksAndInvalidate() } }

        let exchange = PendingExchange()
        let task = session.dataTask(with: request) { data, response, error in
            exchange.finish(Self.outcome(data: data, response: response, error: error))
        }
        task.resume()
        if exchange.done.wait(timeout: .now() + .nanoseconds(Int(deadline.nanoseconds))) == .timedOut {
            exchange.finish(.noAnswer("no answer within \(deadline.seconds)s"))
            task.cancel()
        }
        return exchange.result ?? .noAnswer("no answer")
    }

    private static func outcome(data: Data?, response: URLResponse?, error: (any Error)?) -> HTTPExchangeOutcome {
        if let http = response as? HTTPURLResponse, error == nil {
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
            }
            return .response(status: http.statusCode, headers: headers, body: [UInt8](data ?? Data()))
        }
        guard let urlError = error as? URLError else {
            return .noAnswer("network error")
        }
        switch urlError.code {
        case .cannotConnectToHost, .cannotFindHost, .dnsLookupFailed, .notConnectedToInternet, .badURL,
            .unsupportedURL:
            return .notSent("not sent: \(urlError.code.name) (URLError \(urlError.code.rawValue))")
        default:
            return .noAnswer("no answer: \(urlError.code.name) (URLError \(urlError.code.rawValue))")
        }
    }
}

/// Answers every redirect with "do not follow": the 3xx itself is the answer. A provider API
/// call is never sent again elsewhere, and the API key never goes to another origin.
private final class NoRedirects: NSObject, URLSessionTaskDelegate, Sendable {
    func urlSession(
        _ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
        newRequest request: URLRequest, completionHandler: @escaping @Sendable (URLRequest?) -> Void
    ) {
        completionHandler(nil)
    }
}

/// The rendezvous between the session's completion handler and the waiting caller.
private final class PendingExchange: Sendable {
    let done = DispatchSemaphore(value: 0)
    private let state = Mutex<HTTPExchangeOutcome?>(nil)

    /// Records the first outcome only: a late completion after our deadline is ignored.
    func finish(_ outcome: HTTPExchangeOutcome) {
        let first = state.withLock { current in
            guard current == nil else { return false }
            current = outcome
            return true
        }
        if first { done.signal() }
    }

    var result: HTTPExchangeOutcome? { state.withLock { $0 } }
}

extension URLError.Code {
    /// A short name for the codes we meet, so messages read without a table.
    var name: String {
        switch self {
        case .cannotConnectToHost: "connection refused"
        case .cannotFindHost, .dnsLookupFailed: "host not found"
        case .notConnectedToInternet: "no network"
        case .timedOut: "timed out"
        case .networkConnectionLost: "connection lost"
        case .cancelled: "cancelled"
        case .badServerResponse: "bad server response"
        default: "network error"
        }
    }
}
