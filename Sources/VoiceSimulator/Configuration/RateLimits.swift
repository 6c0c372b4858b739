/// The endpoints that carry a rate limit.
public enum LimitedEndpoint: String, Sendable, CaseIterable, Codable {
    /// `POST /voice/outbound/dial` ("start call").
    case dial
    /// `POST /voice/start` ("voice session").
    case session
    /// `GET /voice/status/{id}`.
    case status
    /// `GET /voice/sessions`.
    case list
}

/// Per-endpoint limits: at most N requests in any sliding window of `window`.
public struct RateLimits: Sendable, Equatable {
    /// The provider's published limits per minute.
    public static let providerDefaults: [LimitedEndpoint: Int] = [.dial: 10, .session: 30, .status: 60, .list: 30]

    public var perWindow: [LimitedEndpoint: Int]
    /// The window length; one minute like the provider, shorter to make tests fast.
    public var window: Duration

    public init(perWindow: [LimitedEndpoint: Int] = providerDefaults, window: Duration = .seconds(60)) {
        self.perWindow = perWindow
        self.window = window
    }

    /// A limit so high it never bites.
    public static let unlimited = RateLimits(
        perWindow: Dictionary(uniqueKeysWithValues: LimitedEndpoint.allCases.map { ($0, Int.max / 2) }))
}
