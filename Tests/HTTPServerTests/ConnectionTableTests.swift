import Testing
@testable import HTTPServer

struct ConnectionTableTests {
    typealias Table = ConnectionTable<ContinuousClock.Instant>
    static let start = ContinuousClock.now
    static let hog = PeerAddress.ipv4(0x7F00_0002)
    static let other = PeerAddress.ipv4(0x7F00_0001)

    static func at(_ seconds: Int) -> ContinuousClock.Instant { start + .seconds(seconds) }

    /// Admits `fd` and returns its id, expecting no eviction.
    static func admit(_ table: inout Table, fd: Int32, peer: PeerAddress, at seconds: Int) -> Int? {
        guard case .admit(let id, nil) = table.admit(fd: fd, peer: peer, now: at(seconds)) else { return nil }
        return id
    }

    @Test func admitsUpToCapacityWithoutEvicting() {
        var table = Table(capacity: 3, evictionSlack: 2)
        for fd in Int32(10)..<13 { #expect(Self.admit(&table, fd: fd, peer: Self.other, at: Int(fd)) != nil) }
        #expect(table.count == 3)
        #expect(table.waitingCount == 3)
        #expect(table.evictedTotal == 0)
    }

    @Test func evictsTheLongestWaitingConnectionOfThePeerHoldingTheMost() throws {
        var table = Table(capacity: 4, evictionSlack: 2)
        _ = Self.admit(&table, fd: 10, peer: Self.other, at: 0)  // waits longest, but its peer holds one
        _ = Self.admit(&table, fd: 11, peer: Self.hog, at: 3)
        let evicted = try #require(Self.admit(&table, fd: 12, peer: Self.hog, at: 1))
        let answered = try #require(Self.admit(&table, fd: 13, peer: Self.hog, at: 2))
        table.startWaiting(id: answered, now: Self.at(5))  // served a request since: waits from 5

        #expect(table.admit(fd: 14, peer: Self.other, now: Self.at(6)) == .admit(id: 4, evicting: 12))
        table.remove(id: evicted)
        // Two connections each now: the longest wait decides, whoever's it is.
        #expect(table.admit(fd: 15, peer: Self.other, now: Self.at(7)) == .admit(id: 5, evicting: 10))
        #expect(table.evictedTotal == 2)
        #expect(table.waitingCount == 4)
    }

    @Test func evictionsInFlightAreBoundedBySlack() {
        var table = Table(capacity: 2, evictionSlack: 1)
        _ = Self.admit(&table, fd: 10, peer: Self.hog, at: 0)
        _ = Self.admit(&table, fd: 11, peer: Self.hog, at: 1)
        #expect(table.admit(fd: 12, peer: Self.hog, now: Self.at(2)) == .admit(id: 2, evicting: 10))
        #expect(table.isFullOfEvictions)
        #expect(table.admit(fd: 13, peer: Self.other, now: Self.at(3)) == .refuse)
        table.remove(id: 0)  // the evicted connection closed
        #expect(!table.isFullOfEvictions)
        #expect(table.admit(fd: 13, peer: Self.other, now: Self.at(4)) == .admit(id: 3, evicting: 11))
        #expect(table.count == 3)
    }

    @Test func equalPeersAndWaitsFallBackToTheOldestConnection() {
        var table = Table(capacity: 2, evictionSlack: 1)
        _ = Self.admit(&table, fd: 10, peer: Self.hog, at: 0)
        _ = Self.admit(&table, fd: 11, peer: Self.other, at: 0)
        #expect(table.admit(fd: 12, peer: Self.other, now: Self.at(1)) == .admit(id: 2, evicting: 10))
    }

    @Test func neverEvictsABusyConnection() throws {
        var table = Table(capacity: 2, evictionSlack: 2)
        let first = try #require(Self.admit(&table, fd: 10, peer: Self.hog, at: 0))
        let second = try #require(Self.admit(&table, fd: 11, peer: Self.hog, at: 1))
        let firstStarted = table.startWork(id: first)
        #expect(firstStarted)
        #expect(table.admit(fd: 12, peer: Self.other, now: Self.at(2)) == .admit(id: 2, evicting: 11))
        let newcomerStarted = table.startWork(id: 2)
        #expect(newcomerStarted)
        #expect(table.admit(fd: 13, peer: Self.other, now: Self.at(3)) == .refuse)
        #expect(table.waitingCount == 0)

        // The evicted connection may not start work, nor wait again, while it closes.
        let evictedStarted = table.startWork(id: second)
        #expect(!evictedStarted)
        table.startWaiting(id: second, now: Self.at(4))
        #expect(table.waitingCount == 0)
        table.remove(id: second)
        #expect(table.count == 2)
    }

    @Test func admitsWithoutEvictingWhileAnEvictionLeavesRoom() {
        var table = Table(capacity: 2, evictionSlack: 1)
        _ = Self.admit(&table, fd: 10, peer: Self.hog, at: 0)
        _ = Self.admit(&table, fd: 11, peer: Self.hog, at: 1)
        #expect(table.admit(fd: 12, peer: Self.hog, now: Self.at(2)) == .admit(id: 2, evicting: 10))
        table.remove(id: 1)  // closed on its own while 10 is still closing
        #expect(table.count == 2)
        #expect(Self.admit(&table, fd: 13, peer: Self.other, at: 3) == 3)
        #expect(table.evictedTotal == 1)
        #expect(Set(table.descriptors) == [10, 12, 13])
    }
}
