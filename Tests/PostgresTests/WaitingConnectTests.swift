import Foundation
import Postgres
import Synchronization
import TestSupport
import Testing

/// `Connection.connect(url:waitingUpTo:)`: waits for a server that is away, never for a wrong setting.
@Suite struct WaitingConnectTests {
    @Test func aServerThatIsNotThereIsWaitedForUntilPatienceRunsOut() {
        let waits = Mutex(0)
        #expect(throws: PostgresError.self) {
            try Connection.connect(url: "postgresql://postgres@127.0.0.1:1/postgres", waitingUpTo: .milliseconds(600), waiting: { error, _ in
                #expect(error.meansServerUnavailable)
                waits.withLock { $0 += 1 }
            })
        }
        #expect(waits.withLock { $0 } >= 1)
    }

    @Test func aMissingDatabaseFailsAtOnce() throws {
        let cluster = try TestDatabase.clusterURL()
        var url = try #require(URLComponents(string: cluster))
        url.path = "/no_such_database_here"
        let waits = Mutex(0)
        do {
            _ = try Connection.connect(url: try #require(url.string), waitingUpTo: .seconds(30), waiting: { _, _ in waits.withLock { $0 += 1 } })
            Issue.record("connected to a database that does not exist")
        } catch let error as PostgresError {
            #expect(!error.meansServerUnavailable)
        }
        #expect(waits.withLock { $0 } == 0)
    }

    @Test func aStopRequestEndsTheWait() {
        let started = ContinuousClock.now
        #expect(throws: PostgresError.self) {
            try Connection.connect(url: "postgresql://postgres@127.0.0.1:1/postgres", waitingUpTo: .seconds(60), stop: { true })
        }
        #expect(ContinuousClock.now - started < .seconds(30))
    }
}
