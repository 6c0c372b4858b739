import Foundation
import Testing
@testable import HTTPServer

/// Integration tests through real sockets on 127.0.0.1.
@Suite(.timeLimit(.minutes(1)))
struct HTTPServerTests {
    static func echoServer(_ configuration: HTTPServer.Configuration = .init()) -> HTTPServer {
        HTTPServer(configuration: configuration) { request in
            HTTPResponse.text(200, "\(request.method) \(request.target) \(request.body.count)")
        }
    }

    @Test func roundTrip() throws {
        let server = Self.echoServer()
        let port = try server.start(host: "127.0.0.1", port: 0)
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
}
