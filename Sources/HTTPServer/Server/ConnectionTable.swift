/// The server's open connections, what each is doing, and who gets a slot at capacity: sans-IO,
/// descriptors are plain numbers, time is passed in, and the server performs what it returns.
///
/// A connection is *waiting* while it waits for a request or is still receiving one, and *busy*
/// while its handler runs or its response is written. A waiting connection costs a parked thread
/// and nothing else, so at capacity a newcomer takes the slot of a waiting one rather than being
/// refused: one of the client holding the most connections, the one waiting longest. Only busy
/// connections are safe from eviction, so silent, idle or trickling clients cannot keep others out.
struct ConnectionTable<Instant: InstantProtocol>: Sendable {
    /// What a connection is doing, as far as admission is concerned.
    enum Activity: Sendable, Equatable {
        /// Waiting for a request or for the rest of one, since `since`: evictable.
        case waiting(since: Instant)
        /// A handler runs, a response is being written, or the connection closes after its last
        /// response (lingering at most `HTTPServer.lingerDuration`): never evicted.
        case busy
        /// Chosen for eviction: its socket was shut down and its thread is closing it.
        case evicted
    }

    struct Entry: Sendable {
        let fd: Int32
        let peer: PeerAddress
        var activity: Activity
    }

    /// What to do with a newly accepted connection.
    enum Admission: Sendable, Equatable {
        /// Serve it as connection `id`; first shut down `evicting`'s socket, if any, to make room.
        case admit(id: Int, evicting: Int32?)
        /// Every slot is busy, or evictions still closing fill the slack: answer 503 and close.
        case refuse
    }

    /// Most connections served at once, not counting evicted ones still closing.
    let capacity: Int
    /// Evicted connections still closing that may exist on top of `capacity`. An evicted thread
    /// sees end of stream on its next poll and exits; newcomers need not wait for it, so the
    /// open count briefly exceeds `capacity` by the evictions in flight, at most this many.
    let evictionSlack: Int
    private var entries: [Int: Entry] = [:]
    private var nextID = 0
    /// Connections evicted since the server started.
    private(set) var evictedTotal = 0

    init(capacity: Int, evictionSlack: Int) {
        self.capacity = capacity
        self.evictionSlack = evictionSlack
    }

    var isEmpty: Bool { entries.isEmpty }
    /// Open connections, including evicted ones that have not closed yet.
    var count: Int { entries.count }
    /// Connections waiting for a request or for the rest of one.
    var waitingCount: Int {
        entries.values.count { if case .waiting = $0.activity { true } else { false } }
    }
    private var evictedInFlight: Int {
        entries.values.count { $0.activity == .evicted }
    }
    /// Whether evictions still closing have used up the slack, so a newcomer could only be refused.
    var isFullOfEvictions: Bool { entries.count >= capacity + evictionSlack }
    /// Every open descriptor, for shutdown.
    var descriptors: [Int32] { entries.values.map(\.fd) }

    /// Admits a connection from `peer` accepted at `now`, waiting for its first request, evicting
    /// a waiting connection when all `capacity` slots are taken.
    mutating func admit(fd: Int32, peer: PeerAddress, now: Instant) -> Admission {
        guard !isFullOfEvictions else { return .refuse }
        var evicting: Int32?
        if entries.count >= capacity, entries.count - evictedInFlight >= capacity {
            guard let victim = evictionCandidate() else { return .refuse }
            entries[victim]?.activity = .evicted
            evictedTotal += 1
            evicting = entries[victim]?.fd
        }
        let id = nextID
        nextID += 1
        entries[id] = Entry(fd: fd, peer: peer, activity: .waiting(since: now))
        return .admit(id: id, evicting: evicting)
    }

    /// The waiting connection to evict: of the peer holding the most connections, the one waiting
    /// longest (the oldest connection on a tie, for a predictable choice).
    private func evictionCandidate() -> Int? {
        var held: [PeerAddress: Int] = [:]
        for entry in entries.values where entry.activity != .evicted { held[entry.peer, default: 0] += 1 }
        var best: (id: Int, held: Int, since: Instant)?
        for (id, entry) in entries {
            guard case .waiting(let since) = entry.activity, let peerHeld = held[entry.peer] else { continue }
            if let current = best {
                // More connections held wins, then the earlier wait, then the lower id.
                guard (peerHeld, current.since, current.id) > (current.held, since, id) else { continue }
            }
            best = (id, peerHeld, since)
        }
        return best?.id
    }

    /// Marks connection `id` busy; false if it was evicted, when it must close instead of working.
    mutating func startWork(id: Int) -> Bool {
        guard let entry = entries[id], entry.activity != .evicted else { return false }
        entries[id]?.activity = .busy
        return true
    }

    /// Marks connection `id` waiting from `now` for its next request, unless it was evicted.
    mutating func startWaiting(id: Int, now: Instant) {
        guard let entry = entries[id], entry.activity != .evicted else { return }
        entries[id]?.activity = .waiting(since: now)
    }

    /// Forgets connection `id` once its socket is closed.
    mutating func remove(id: Int) {
        entries[id] = nil
    }
}
