import Foundation
import Testing
@testable import HTTPServer

/// At capacity: connections that hold a slot without using it (silent, idle or trickling) make
/// room for newcomers, the client holding the most paying first. Another loopback address (127.0.0.2) plays a second client.
extension HTTPServerTests {
    @Test func servesANewcomerWhileSilentConnectionsFillTheCapacity() throws {
        let (server, port) = try Self.echoServer(HTTPServer.Configuration(maxConnections: 8))
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let silent = try (0..<8).map { _ in try RawClient(port: port) }
        #expect(eventually { server.openConnections == 8 })

        let client = try RawClient(port: port)
        client.send("POST /hook HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi")
        #expect(client.readResponse()?.text == "POST /hook 2")
        // The connection silent the longest made room; the others stay.
        #expect(silent[0].waitForClose())
        #expect(silent.dropFirst().allSatisfy { !$0.isClosed })
        #expect(eventually { server.openConnections == 8 })
    }

    @Test func oneClientCannotTakeTheWholeCapacity() throws {
        let (server, port) = try Self.echoServer(HTTPServer.Configuration(maxConnections: 8))
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        // 127.0.0.2 fills the capacity; half its connections stall inside a request head.
        let hog = try (0..<8).map { index in
            let client = try RawClient(port: port, source: "127.0.0.2")
            if index.isMultiple(of: 2) { client.send("GET /stalled HTTP/1.1\r\nHo") }
            return client
        }
        #expect(eventually { server.openConnections == 8 })

        var others: [RawClient] = []
        for index in 0..<5 {
            let client = try RawClient(port: port)
            client.send("GET /other/\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /other/\(index) 0")
            others.append(client)
        }
        // 127.0.0.2 held at least as many connections each time, and waited longer: it paid for
        // every newcomer, its oldest connections first, and 127.0.0.1 lost none.
        #expect(hog.prefix(5).allSatisfy { $0.waitForClose() })
        #expect(hog.dropFirst(5).allSatisfy { !$0.isClosed })
        for (index, client) in others.enumerated() {
            client.send("GET /again/\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /again/\(index) 0")
        }
        #expect(server.evictedConnections == 5)
        #expect(eventually { server.openConnections == 8 && server.waitingConnections == 8 })
    }

    @Test func aFloodOfNewConnectionsIsNotRefusedWhileOthersAreWaiting() throws {
        let statuses = Locked<[Int]>([])
        let (server, port) = try Self.echoServer(
            HTTPServer.Configuration(maxConnections: 4),
            observer: { _, status in statuses.withLock { $0.append(status) } })
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        // Far more than the eviction slack, opened as fast as connect returns (within the backlog).
        let flood = try (0..<120).map { _ in try RawClient(port: port, source: "127.0.0.2") }
        let client = try RawClient(port: port)
        client.send("GET /after HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.text == "GET /after 0")
        #expect(flood.count == 120)
        // No 503: every newcomer found a waiting connection to take the place of.
        #expect(eventually { statuses.withLock { $0 } == [200] })
        #expect(server.evictedConnections == 121 - 4)
    }

    @Test func neverEvictsAConnectionWhoseRequestIsBeingHandled() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = HTTPServer(configuration: HTTPServer.Configuration(maxConnections: 3)) { request in
            if request.path.hasPrefix("/busy") {
                entered.signal()
                _ = release.wait(timeout: .now() + 10)
            }
            return .text(200, "done \(request.path)")
        }
        let port = try server.start(host: "127.0.0.1", port: 0)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        // 127.0.0.2 holds the most connections, but both are busy: the waiting one pays instead.
        let busy = try (0..<2).map { index in
            let client = try RawClient(port: port, source: "127.0.0.2")
            client.send("GET /busy/\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
            return client
        }
        for _ in busy { #expect(entered.wait(timeout: .now() + 5) == .success) }
        let waiting = try RawClient(port: port)
        #expect(eventually { server.openConnections == 3 && server.waitingConnections == 1 })

        let newcomer = try RawClient(port: port)
        newcomer.send("GET /new HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(newcomer.readResponse()?.text == "done /new")
        #expect(waiting.waitForClose())
        #expect(server.evictedConnections == 1)

        for _ in busy { release.signal() }
        for (index, client) in busy.enumerated() {
            #expect(client.readResponse()?.text == "done /busy/\(index)")
        }
    }
}
