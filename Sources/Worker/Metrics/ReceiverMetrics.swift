import Foundation

/// The receiver's in-process counters: requests by route and status, events by status and disposition.
///
/// `@unchecked Sendable` is safe: both dictionaries are only read or written while `lock` is held.
public final class ReceiverMetrics: @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [RequestKey: Int] = [:]
    private var events: [EventKey: Int] = [:]

    struct RequestKey: Hashable, Comparable {
        let route: String
        let status: Int
        static func < (a: Self, b: Self) -> Bool { (a.route, a.status) < (b.route, b.status) }
    }

    struct EventKey: Hashable, Comparable {
        let status: String
        let disposition: String
        static func < (a: Self, b: Self) -> Bool { (a.status, a.disposition) < (b.status, b.disposition) }
    }

    public init() {}

    /// Counts one response.
    public func countRequest(route: String, status: Int) {
        lock.withLock { requests[RequestKey(route: route, status: status), default: 0] += 1 }
    }

    /// Counts one stored event; `status` must be a known status or `unrecognized` (bounded labels).
    public func countEvent(status: String, disposition: String) {
        lock.withLock { events[EventKey(status: status, disposition: disposition), default: 0] += 1 }
    }

    /// The counts now, sorted so the metrics text is stable.
    func snapshot() -> (requests: [(RequestKey, Int)], events: [(EventKey, Int)]) {
        lock.withLock {
            (requests.sorted { $0.key < $1.key }.map { ($0.key, $0.value) },
             events.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
        }
    }

    /// Responses counted for `route` with `status` (for tests and the benchmark).
    public func requests(route: String, status: Int) -> Int {
        lock.withLock { requests[RequestKey(route: route, status: status)] ?? 0 }
    }
}
