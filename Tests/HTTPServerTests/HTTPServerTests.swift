import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing
@testable import HTTPServer

/// Integration tests through real sockets on 127.0.0.1, each with its own server on an ephemeral port.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct HTTPServerTests {
    static func echoServer(
        _ configuration: HTTPServer.Configuration = .init(),
        observer: HTTPServer.Observer? = nil
    ) throws -> (HTTPServer, UInt16) {
        let server = HTTPServer(configuration: configuration, observer: observer) { request in
            HTTPResponse.text(200, "\(request.method) \(request.target) \(request.body.count)")
        }
        return (server, try server.start(host: "127.0.0.1", port: 0))
    }

    static let shortTimeouts = HTTPServer.Configuration(
        headerTimeout: .milliseconds(300),
        bodyTimeout: .milliseconds(300),
        idleTimeout: .milliseconds(300)
    )

    @Test func roundTrip() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        #expect(port != 0)
        #expect(server.port == port)

        let client = try RawClient(port: port)
        client.send("POST /hook?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        let response = try #require(client.readResponse())
        #expect(response.status == 200)
        #expect(response.text == "POST /hook?x=1 5")
        #expect(response.headers["Content-Length"] == "16")
        #expect(response.headers["Connection"] == nil)
    }

    @Test func keepsConnectionAliveAcrossRequests() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        for index in 1...3 {
            client.send("GET /\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /\(index) 0")
        }
        #expect(server.openConnections == 1)
    }

    @Test func answersPipelinedRequestsInOrder() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        client.send(
            "GET /first HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /second HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                + "HEAD /third HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /fourth HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
        )
        #expect(client.readResponse()?.text == "GET /first 0")
        #expect(client.readResponse()?.text == "POST /second 3")
        let head = client.readResponse(headRequest: true)
        #expect(head?.status == 200)
        #expect(head?.headers["Content-Length"] == "13")
        let last = client.readResponse()
        #expect(last?.text == "GET /fourth 0")
        #expect(last?.headers["Connection"] == "close")
        #expect(client.waitForClose())
    }

    @Test func http10ClosesUnlessAskedToKeepAlive() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }

        let plain = try RawClient(port: port)
        plain.send("GET /a HTTP/1.0\r\n\r\n")
        #expect(plain.readResponse()?.headers["Connection"] == "close")
        #expect(plain.waitForClose())

        let kept = try RawClient(port: port)
        kept.send("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(kept.readResponse()?.headers["Connection"] == "keep-alive")
        kept.send("GET /b HTTP/1.0\r\n\r\n")
        #expect(kept.readResponse()?.text == "GET /b 0")
        #expect(kept.waitForClose())
    }

    @Test func refusesMalformedRequestAndCloses() throws {
        let statuses = Locked<[Int]>([])
        let (server, port) = try Self.echoServer(observer: { _, status in statuses.withLock { $0.append(status) } })
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        client.send("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 400)
        #expect(response.headers["Connection"] == "close")
        #expect(client.waitForClose())
        #expect(eventually { statuses.withLock { $0 } == [400] })
    }

    @Test func observerSeesEveryResponseWithItsRequest() throws {
        let seen = Locked<[String]>([])
        let (server, port) = try Self.echoServer(observer: { request, status in
            seen.withLock { $0.append("\(request?.path ?? "-") \(status)") }
        })
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        client.send("GET /ok HTTP/1.1\r\nHost: a\r\n\r\nBREW /pot HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        #expect(client.readResponse()?.status == 501)
        #expect(eventually { seen.withLock { $0 } == ["/ok 200", "- 501"] })
    }

    @Test func refusesOversizedBodyWith413() throws {
        let limits = HTTPLimits(bodySize: 1024)
        let (server, port) = try Self.echoServer(HTTPServer.Configuration(limits: limits))
        defer { server.shutdown(gracePeriod: .seconds(1)) }

        let declared = try RawClient(port: port)
        declared.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "x", count: 5000))
        #expect(declared.readResponse()?.status == 413)
        #expect(declared.waitForClose())

        let chunked = try RawClient(port: port)
        chunked.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
        for _ in 0..<5 { chunked.send("200\r\n" + String(repeating: "y", count: 512) + "\r\n") }
        #expect(chunked.readResponse()?.status == 413)
        #expect(chunked.waitForClose())
    }

    @Test func answersExpectContinueBeforeTheBody() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        client.send("PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        #expect(client.readResponse()?.status == 100)
        client.send("abc")
        #expect(client.readResponse()?.text == "PUT /x 3")
    }

    @Test func closesSlowlorisWithinTheHeaderTimeout() throws {
        let (server, port) = try Self.echoServer(Self.shortTimeouts)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        let started = ContinuousClock.now
        // One header byte every 50 ms: each byte arrives well within any per-read timeout, but the
        // whole head never completes, so the head deadline (from its first byte) must end it.
        var response: RawResponse?
        for byte in "GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ".utf8 + Array(repeating: UInt8(ascii: "z"), count: 200) {
            guard client.send([byte]) else { break }
            response = client.readResponse(timeout: .milliseconds(50))
            if response != nil { break }
        }
        if response == nil { response = client.readResponse() }
        #expect(response?.status == 408)
        #expect(client.waitForClose())
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func closesSlowBodyWithinTheBodyTimeout() throws {
        let (server, port) = try Self.echoServer(Self.shortTimeouts)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        let started = ContinuousClock.now
        client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab")
        #expect(client.readResponse()?.status == 408)
        #expect(client.waitForClose())
        #expect(ContinuousClock.now - started < .seconds(3))
    }

    @Test func closesIdleKeepAliveConnectionSilently() throws {
        let (server, port) = try Self.echoServer(Self.shortTimeouts)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        let started = ContinuousClock.now
        #expect(client.readResponse() == nil)  // closed without another response
        #expect(ContinuousClock.now - started < .seconds(3))
        #expect(eventually { server.openConnections == 0 })
    }

    @Test func closesASilentConnectionAfterTheFirstRequestTimeout() throws {
        #expect(HTTPServer.Configuration().firstRequestTimeout <= .seconds(10))
        let timeout = Duration.milliseconds(300)
        let (server, port) = try Self.echoServer(HTTPServer.Configuration(firstRequestTimeout: timeout))
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let started = ContinuousClock.now
        let client = try RawClient(port: port)
        #expect(client.waitForClose())
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= timeout)
        #expect(elapsed < .seconds(3))
        #expect(client.readResponse() == nil)  // closed without a response
        #expect(eventually { server.openConnections == 0 })
    }

    @Test func keepsAKeptAliveConnectionPastTheFirstRequestTimeout() throws {
        let configuration = HTTPServer.Configuration(firstRequestTimeout: .milliseconds(100), idleTimeout: .seconds(30))
        let (server, port) = try Self.echoServer(configuration)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let client = try RawClient(port: port)
        client.send("GET /first HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        // Proving the connection is not closed needs a wait: three first-request timeouts.
        #expect(client.readResponse(timeout: .milliseconds(300)) == nil)
        #expect(!client.isClosed)
        client.send("GET /second HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(client.readResponse()?.text == "GET /second 0")
    }

    @Test func refusesConnectionsOverTheCap() throws {
        // Only busy connections fill the cap: a waiting one would be evicted to make room instead.
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let statuses = Locked<[Int]>([])
        let server = HTTPServer(
            configuration: HTTPServer.Configuration(maxConnections: 2),
            observer: { _, status in statuses.withLock { $0.append(status) } }
        ) { request in
            if request.path == "/slow" {
                entered.signal()
                _ = release.wait(timeout: .now() + 10)
            }
            return .text(200, "done \(request.path)")
        }
        let port = try server.start(host: "127.0.0.1", port: 0)
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let first = try RawClient(port: port)
        first.send("GET /slow HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        let second = try RawClient(port: port)
        second.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        for _ in 0..<2 { #expect(entered.wait(timeout: .now() + 5) == .success) }

        let refused = try RawClient(port: port)
        #expect(refused.readResponse()?.status == 503)
        #expect(refused.waitForClose())
        #expect(eventually { statuses.withLock { $0 } == [503] })

        for _ in 0..<2 { release.signal() }
        #expect(first.readResponse()?.text == "done /slow")
        #expect(first.waitForClose())  // closing one frees a slot
        #expect(second.readResponse()?.text == "done /slow")
        #expect(eventually { server.openConnections == 1 })
        let admitted = try RawClient(port: port)
        admitted.send("GET /late HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(admitted.readResponse()?.text == "done /late")
        second.send("GET /second HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(second.readResponse()?.text == "done /second")
        #expect(server.evictedConnections == 0)
    }

    @Test func servesManyConcurrentConnections() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let clients = 64, requestsEach = 5
        let correct = Locked(0)
        let finished = (0..<clients).map { index in
            onThread {
                guard let client = try? RawClient(port: port) else { return }
                for request in 0..<requestsEach {
                    client.send("POST /c\(index)/r\(request) HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx")
                    if client.readResponse()?.text == "POST /c\(index)/r\(request) 1" {
                        correct.withLock { $0 += 1 }
                    }
                }
            }
        }
        for done in finished { #expect(done.wait(timeout: .now() + 20) == .success) }
        #expect(correct.withLock { $0 } == clients * requestsEach)
    }

    @Test func gracefulShutdownFinishesInFlightRequestAndClosesIdleOnes() throws {
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let server = HTTPServer { request in
            if request.path == "/slow" {
                entered.signal()
                _ = release.wait(timeout: .now() + 10)
            }
            return .text(200, "done \(request.path)")
        }
        let port = try server.start(host: "127.0.0.1", port: 0)

        let idle = try RawClient(port: port)
        idle.send("GET /quick HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        let busy = try RawClient(port: port)
        busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(entered.wait(timeout: .now() + 5) == .success)

        let stopped = onThread { server.shutdown(gracePeriod: .seconds(10)) }
        #expect(idle.waitForClose())
        #expect(eventually { (try? RawClient(port: port)) == nil })
        #expect(stopped.wait(timeout: .now()) == .timedOut)  // still waiting for /slow

        release.signal()
        let response = busy.readResponse()
        #expect(response?.text == "done /slow")
        #expect(response?.headers["Connection"] == "close")
        #expect(stopped.wait(timeout: .now() + 5) == .success)
        #expect(server.openConnections == 0)
        #expect(server.port == nil)
    }

    @Test func shutdownGivesUpOnAStuckRequestAfterTheGracePeriod() throws {
        let release = DispatchSemaphore(value: 0)
        let entered = DispatchSemaphore(value: 0)
        let server = HTTPServer { _ in
            entered.signal()
            _ = release.wait(timeout: .now() + 10)
            return .text(200, "late")
        }
        defer { release.signal() }
        let port = try server.start(host: "127.0.0.1", port: 0)
        let client = try RawClient(port: port)
        client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(entered.wait(timeout: .now() + 5) == .success)
        let started = ContinuousClock.now
        server.shutdown(gracePeriod: .milliseconds(200))
        #expect(ContinuousClock.now - started < .seconds(4))
    }

    @Test func startsOnceAndReportsBindFailures() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        #expect(throws: HTTPServerError.self) { try server.start(host: "127.0.0.1", port: 0) }
        let other = HTTPServer { _ in .empty(204) }
        let error = #expect(throws: HTTPServerError.self) { try other.start(host: "127.0.0.1", port: port) }
        #expect(error?.description.contains("bind 127.0.0.1:\(port)") == true)
        #expect(throws: HTTPServerError.self) { try HTTPServer { _ in .empty(204) }.start(host: "no such host!", port: 0) }

        server.shutdown(gracePeriod: .seconds(1))
        server.shutdown(gracePeriod: .seconds(1))  // a second call is harmless
        #expect(server.port == nil)
        #expect(throws: HTTPServerError.self) { try server.start(host: "127.0.0.1", port: 0) }
        #expect((try? RawClient(port: port)) == nil)
    }

    @Test func servesURLSessionClients() throws {
        let (server, port) = try Self.echoServer()
        defer { server.shutdown(gracePeriod: .seconds(1)) }
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        let results = Locked<[String]>([])
        for (method, size) in [("POST", 20_000), ("GET", 0), ("PUT", 3), ("POST", 0)] {
            let url = try #require(URL(string: "http://127.0.0.1:\(port)/s?m=\(method)"))
            var request = URLRequest(url: url, timeoutInterval: 5)
            request.httpMethod = method
            if size > 0 { request.httpBody = Data(repeating: 0x61, count: size) }
            let done = DispatchSemaphore(value: 0)
            session.dataTask(with: request) { data, response, _ in
                let status = (response as? HTTPURLResponse)?.statusCode ?? 0
                let text = data.map { String(decoding: $0, as: UTF8.self) } ?? ""
                results.withLock { $0.append("\(status) \(text)") }
                done.signal()
            }.resume()
            #expect(done.wait(timeout: .now() + 10) == .success)
        }
        #expect(results.withLock { $0 } == ["200 POST /s?m=POST 20000", "200 GET /s?m=GET 0", "200 PUT /s?m=PUT 3", "200 POST /s?m=POST 0"])
    }
}
