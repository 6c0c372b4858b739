public import Foundation

/// Spaces requests to the provider at a rate, without sleeping itself: it says when the next
/// request may go, and the caller (at the IO edge) waits until then.
public struct RequestPacer: Sendable {
    /// The pace kept.
    public let limit: RateLimit
    private var tat: Date?

    /// Paces at `limit`, with nothing sent yet.
    public init(limit: RateLimit) {
        self.limit = limit
    }

    /// Reserves the next request's slot: `now` when the bucket allows it, else the first later
    /// instant it does. Each call reserves one request.
    public mutating func reserve(now: Date) -> Date {
        var at = now
        while true {
            switch limit.decide(tat: tat, now: at) {
            case .allowed(let newTAT):
                tat = newTAT
                return at
            case .wait(let until):
                at = until
            }
        }
    }
}
