public import Foundation
import Timestamps

/// The simulator's logic without IO: requests in, responses and webhook deliveries out.
///
/// Time is a monotonic `Duration` since the simulator started, passed to every call; wall-clock
/// stamps are `epoch` plus that offset. The shell (`VoiceSimulator`) owns the sockets and threads.
public struct SimulatorCore: Sendable {
    /// Most log entries kept; the oldest go first, so a long benchmark cannot exhaust memory.
    public static let maxLogEntries = 200_000
    /// Longest `max_duration` accepted, in seconds (4 hours; the provider's default is 600).
    static let maxCallSeconds = 4 * 3600

    public private(set) var configuration: SimulatorConfiguration
    /// The wall-clock instant at monotonic time zero.
    public let epoch: Date
    var random: SeededRandom
    var limiters: [LimitedEndpoint: SlidingWindowLimiter]
    public internal(set) var calls: [String: SimulatedCall] = [:]
    /// Call ids in dial order, for stable listings.
    var callOrder: [String] = []
    var pending: [PendingDelivery] = []
    var nextDeliveryID = 1
    public internal(set) var log: [SimulatorLogEntry] = []

    public init(configuration: SimulatorConfiguration, epoch: Date) {
        self.configuration = configuration
        self.epoch = epoch
        random = SeededRandom(seed: configuration.seed)
        limiters = [:]
        for endpoint in LimitedEndpoint.allCases {
            limiters[endpoint] = SlidingWindowLimiter(
                limit: configuration.limits.perWindow[endpoint] ?? Int.max / 2, window: configuration.limits.window)
        }
    }

    /// Answers one request at `now`.
    public mutating func handle(_ request: SimulatorRequest, at now: Duration) -> SimulatorAnswer {
        let (answer, toNumber, callID, note) = route(request, at: now)
        var entry = logEntry(kind: .request, at: now)
        entry.method = request.method
        entry.path = request.path
        entry.toNumber = toNumber
        entry.callID = callID
        entry.note = note
        if case .respond(let response) = answer { entry.status = response.status }
        append(entry)
        return answer
    }

    private typealias Routed = (SimulatorAnswer, toNumber: String?, callID: String?, note: String?)

    private mutating func route(_ request: SimulatorRequest, at now: Duration) -> Routed {
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            String($0).removingPercentEncoding ?? String($0)
        }
        if segments.first == "_sim" {
            return (.respond(control(request, segments: Array(segments.dropFirst()))), nil, nil, nil)
        }
        guard authorized(request.authorization) else {
            return (.respond(.error(401, "missing or invalid API key")), nil, nil, nil)
        }
        let method = request.method
        if method == "POST", segments == ["voice", "outbound", "dial"] {
            if let refusal = limit(.dial, at: now) { return (.respond(refusal), nil, nil, nil) }
            return dial(request.body, onReusedConnection: request.onReusedConnection, at: now)
        }
        if method == "POST", segments == ["voice", "start"] {
            if let refusal = limit(.session, at: now) { return (.respond(refusal), nil, nil, nil) }
            return (.respond(startWebSession(request.body)), nil, nil, nil)
        }
        if method == "GET", segments == ["voice", "sessions"] {
            if let refusal = limit(.list, at: now) { return (.respond(refusal), nil, nil, nil) }
            return (.respond(listSessions(query: request.query, at: now)), nil, nil, nil)
        }
        if method == "GET", let id = Self.match(segments, ["voice", "status"]) {
            if let refusal = limit(.status, at: now) { return (.respond(refusal), nil, id, nil) }
            return (.respond(statusAnswer(id: id, at: now)), nil, id, nil)
        }
        if method == "GET", let id = Self.match(segments, ["voice", "sessions"]) {
            return (.respond(sessionDetails(id: id, at: now)), nil, id, nil)
        }
        if method == "GET", let id = Self.match(segments, ["v1", "widget", "transcript"]) {
            return (.respond(transcript(id: id, at: now)), nil, id, nil)
        }
        if method == "GET", let id = Self.match(segments, ["voice", "recording"]) {
            return (.respond(recording(id: id, at: now)), nil, nil, nil)
        }
        if method == "POST", let id = Self.match(segments, ["voice", "end"]) {
            return (.respond(end(id: id, at: now)), nil, id, nil)
        }
        return (.respond(.error(404, "no such endpoint")), nil, nil, nil)
    }

    /// The last segment when `segments` is `prefix` plus one non-empty id.
    private static func match(_ segments: [String], _ prefix: [String]) -> String? {
        guard segments.count == prefix.count + 1, Array(segments.prefix(prefix.count)) == prefix,
            let id = segments.last, !id.isEmpty
        else { return nil }
        return id
    }

    /// Compares the bearer key in constant time, so timing does not reveal how much of a guess matched.
    private func authorized(_ header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        let given = Array(header.dropFirst("Bearer ".count).utf8)
        let expected = Array(configuration.apiKey.utf8)
        guard given.count == expected.count else { return false }
        return zip(given, expected).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// A 429 with Retry-After in whole seconds (at least 1) when `endpoint` is over its limit.
    private mutating func limit(_ endpoint: LimitedEndpoint, at now: Duration) -> SimulatorResponse? {
        guard var limiter = limiters[endpoint] else { return nil }
        defer { limiters[endpoint] = limiter }
        switch limiter.admit(at: now) {
        case .allowed:
            return nil
        case .limited(let retryAfter):
            let (seconds, fraction) = retryAfter.components
            let wholeSeconds = max(1, seconds + (fraction > 0 ? 1 : 0))
            return .error(429, "rate limit exceeded for \(endpoint.rawValue)", headers: ["Retry-After": String(wholeSeconds)])
        }
    }

    // MARK: Shared helpers

    func wallClock(_ offset: Duration) -> Date {
        let (seconds, attoseconds) = offset.components
        return epoch.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    func timestamp(_ offset: Duration) -> String {
        InternetTimestamp.format(wallClock(offset), fractionDigits: 3)
    }

    func logEntry(kind: SimulatorLogEntry.Kind, at now: Duration) -> SimulatorLogEntry {
        let (seconds, attoseconds) = now.components
        return SimulatorLogEntry(
            kind: kind, time: timestamp(now), elapsedMilliseconds: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    mutating func append(_ entry: SimulatorLogEntry) {
        // Trim a tenth at once so a full log costs one shift per 20,000 entries, not one per entry.
        if log.count >= Self.maxLogEntries { log.removeFirst(Self.maxLogEntries / 10) }
        log.append(entry)
    }

    /// A fresh id: a prefix and 16 hex digits from the seeded generator.
    mutating func newID(_ prefix: String) -> String {
        let hex = String(random.next(), radix: 16)
        return prefix + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Replaces faults and, when given, the outcome policy.
    public mutating func update(faults: Faults, outcomes: OutcomePolicy?) {
        configuration.faults = faults
        if let outcomes { configuration.outcomes = outcomes }
    }
}
