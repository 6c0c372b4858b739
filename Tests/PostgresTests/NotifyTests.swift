import Foundation
import Postgres
import TestSupport
import Testing

@Suite struct NotifyTests {
    @Test func notificationArrivesWithinTheDeadline() throws {
        try TestDatabase.withFresh { url in
            let listener = try Connection(url: url)
            let sender = try Connection(url: url)
            try listener.listen("calls due")
            try sender.notify("calls due", payload: "campaign=7")
            let received = try listener.waitForNotification(timeout: .seconds(5))
            #expect(received?.channel == "calls due")
            #expect(received?.payload == "campaign=7")
            #expect(received?.senderPID == sender.backendPID)
        }
    }

    @Test func waitReturnsNilWhenNothingComes() throws {
        try TestDatabase.withFresh { url in
            let listener = try Connection(url: url)
            try listener.listen("quiet")
            let started = ContinuousClock.now
            #expect(try listener.waitForNotification(timeout: .milliseconds(150)) == nil)
            #expect(ContinuousClock.now - started >= .milliseconds(150))
        }
    }

    @Test func notificationSentInsideATransactionArrivesOnlyAfterCommit() throws {
        try TestDatabase.withFresh { url in
            let listener = try Connection(url: url)
            let sender = try Connection(url: url)
            try listener.listen("wake")
            try sender.transaction { tx in
                try tx.notify("wake", payload: "1")
                #expect(try listener.waitForNotification(timeout: .milliseconds(100)) == nil)
            }
            #expect(try listener.waitForNotification(timeout: .seconds(5))?.payload == "1")
        }
    }

    @Test func listeningSurvivesAReconnect() throws {
        try TestDatabase.withFresh { url in
            let listener = try Connection(url: url)
            let admin = try Connection(url: url)
            try listener.listen("wake")
            try admin.execute("SELECT pg_terminate_backend(\(listener.backendPID))")
            #expect(throws: PostgresError.self) { try listener.execute("SELECT 1") }
            try listener.reconnectIfNeeded()
            try admin.notify("wake", payload: "again")
            #expect(try listener.waitForNotification(timeout: .seconds(5))?.payload == "again")
        }
    }
}
