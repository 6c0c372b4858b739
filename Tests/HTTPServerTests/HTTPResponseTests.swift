import Testing
@testable import HTTPServer

struct HTTPResponseTests {
    static func wire(_ response: HTTPResponse, _ persistence: HTTPResponse.Persistence, head: Bool = false) -> String {
        String(decoding: response.serialized(persistence: persistence, isHeadRequest: head), as: UTF8.self)
    }

    @Test func writesStatusLineHeadersLengthAndBody() {
        let text = Self.wire(.text(200, "hi"), .keepAlive(.http1_1))
        #expect(text == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 2\r\n\r\nhi")
    }

    @Test func replacesHandlerFramingHeaders() {
        var response = HTTPResponse.json(201, Array("{}".utf8))
        response.headers.add(name: "Content-Length", value: "999")
        response.headers.add(name: "Transfer-Encoding", value: "chunked")
        response.headers.add(name: "Connection", value: "keep-alive")
        let text = Self.wire(response, .close)
        #expect(text == "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
    }

    @Test func tellsHTTP10ClientsTheConnectionStaysOpen() {
        #expect(Self.wire(.empty(204), .keepAlive(.http1_0)) == "HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\n\r\n")
    }

    @Test func omitsBodyForHeadButKeepsItsLength() {
        #expect(Self.wire(.text(200, "hello"), .keepAlive(.http1_1), head: true).hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test(arguments: [("X-Bad", "a\r\nSet-Cookie: x"), ("X-Bad", "a\u{0}"), ("Bad Name", "v"), ("", "v")])
    func refusesResponseSplittingWithA500(name: String, value: String) {
        var response = HTTPResponse.text(200, "secret")
        response.headers.add(name: name, value: value)
        let text = Self.wire(response, .close)
        #expect(text.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(!text.contains("Set-Cookie"))
        #expect(!text.contains("secret"))
    }
}
