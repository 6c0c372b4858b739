import Foundation
import Testing
@testable import HTTPServer

struct RequestParserTests {
    struct Refusal: CustomTestStringConvertible, Sendable {
        var name: String
        var input: String
        var status: Int
        var testDescription: String { name }
    }

    static let small = HTTPLimits(requestLineLength: 64, headerBlockSize: 128, headerCount: 4, bodySize: 16)

    static let refusals: [Refusal] = [
        .init(name: "Content-Length with Transfer-Encoding",
              input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding with Content-Length",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n", status: 400),
        .init(name: "duplicate Content-Length",
              input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", status: 400),
        .init(name: "Content-Length list", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", status: 400),
        .init(name: "Content-Length not a number", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n", status: 400),
        .init(name: "Content-Length negative", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -1\r\n\r\n", status: 400),
        .init(name: "Content-Length with sign", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +1\r\n\r\nx", status: 400),
        .init(name: "Content-Length empty", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length:\r\n\r\n", status: 400),
        .init(name: "Content-Length hex", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", status: 400),
        .init(name: "Content-Length huge",
              input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", status: 400),
        .init(name: "obs-fold", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n", status: 400),
        .init(name: "obs-fold with tab", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n\tc\r\n\r\n", status: 400),
        .init(name: "whitespace before first header", input: "GET / HTTP/1.1\r\n Host: a\r\n\r\n", status: 400),
        .init(name: "bare CR in header value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", status: 400),
        .init(name: "bare CR ending a line", input: "GET / HTTP/1.1\rHost: a\r\n\r\n", status: 400),
        .init(name: "bare LF ending request line", input: "GET / HTTP/1.1\nHost: a\r\n\r\n", status: 400),
        .init(name: "bare LF ending header", input: "GET / HTTP/1.1\r\nHost: a\n\r\n", status: 400),
        .init(name: "bare LF as blank line", input: "GET / HTTP/1.1\r\nHost: a\r\n\n", status: 400),
        .init(name: "NUL in header value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n", status: 400),
        .init(name: "NUL in target", input: "GET /\u{0} HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "control character in value", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{1}c\r\n\r\n", status: 400),
        .init(name: "invalid method", input: "G(T / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "empty method", input: " / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "unknown method", input: "BREW / HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
        .init(name: "lowercase method", input: "get / HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
        .init(name: "CONNECT", input: "CONNECT a:443 HTTP/1.1\r\nHost: a\r\n\r\n", status: 501),
        .init(name: "two spaces in request line", input: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "space in target", input: "GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "missing version", input: "GET /\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "relative target", input: "GET abc HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "bad percent escape", input: "GET /%zz HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "truncated percent escape", input: "GET /a% HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "fragment in target", input: "GET /a#b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "raw UTF-8 in target", input: "GET /é HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "asterisk outside OPTIONS", input: "GET * HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "absolute-form without host", input: "GET http:///a HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "other scheme", input: "GET ftp://a/b HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "HTTP/2.0", input: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", status: 505),
        .init(name: "malformed version", input: "GET / HTTX/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "lowercase version", input: "GET / http/1.1\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "version with two digits", input: "GET / HTTP/1.10\r\nHost: a\r\n\r\n", status: 400),
        .init(name: "missing Host", input: "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", status: 400),
        .init(name: "two Host headers", input: "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", status: 400),
        .init(name: "space before colon", input: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", status: 400),
        .init(name: "header without colon", input: "GET / HTTP/1.1\r\nHost: a\r\nX-A\r\n\r\n", status: 400),
        .init(name: "empty header name", input: "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", status: 400),
        .init(name: "POST without length", input: "POST / HTTP/1.1\r\nHost: a\r\n\r\n", status: 411),
        .init(name: "PUT without length", input: "PUT / HTTP/1.1\r\nHost: a\r\n\r\n", status: 411),
        .init(name: "unknown transfer coding", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n", status: 501),
        .init(name: "coding before chunked",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", status: 501),
        .init(name: "chunked twice",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", status: 400),
        .init(name: "Transfer-Encoding in HTTP/1.0",
              input: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", status: 400),
        .init(name: "unsupported expectation", input: "GET / HTTP/1.1\r\nHost: a\r\nExpect: magic\r\n\r\n", status: 417),
        .init(name: "chunk size not hex",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", status: 400),
        .init(name: "chunk size missing",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n;a=b\r\n", status: 400),
        .init(name: "chunk data too long",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", status: 400),
        .init(name: "chunk junk after size",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2 x\r\nab\r\n0\r\n\r\n", status: 400),
        .init(name: "chunk bare LF",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n2\nab\r\n0\r\n\r\n", status: 400),
        .init(name: "bad trailer", input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX : y\r\n\r\n", status: 400),
        .init(name: "too many leading empty lines", input: "\r\n\r\n\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", status: 400),
    ]

    @Test(arguments: refusals)
    func refusesMalformedRequest(_ refusal: Refusal) {
        let outcome = RequestParser.parse(refusal.input)
        #expect(outcome.requests.isEmpty)
        #expect(outcome.error?.status == refusal.status, "\(outcome.error?.description ?? "no error")")
    }

    static let overLimits: [Refusal] = [
        .init(name: "request line too long", input: "GET /" + String(repeating: "a", count: 64) + " HTTP/1.1\r\n", status: 414),
        .init(name: "request line too long, unfinished", input: "GET /" + String(repeating: "a", count: 80), status: 414),
        .init(name: "header block too large",
              input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "b", count: 130) + "\r\n\r\n", status: 431),
        .init(name: "header block too large, unfinished",
              input: "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "b", count: 130), status: 431),
        .init(name: "too many header fields",
              input: "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n", status: 431),
        .init(name: "too many trailer fields",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
              status: 431),
        .init(name: "Content-Length over body limit", input: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n\r\n", status: 413),
        .init(name: "one chunk over body limit",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n11\r\n", status: 413),
        .init(name: "chunks together over body limit",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n9\r\n", status: 413),
        .init(name: "chunk size with many digits",
              input: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                  + String(repeating: "f", count: 40) + "\r\n", status: 413),
    ]

    @Test(arguments: overLimits)
    func refusesRequestOverLimits(_ refusal: Refusal) {
        let outcome = RequestParser.parse(refusal.input, limits: Self.small)
        #expect(outcome.requests.isEmpty)
        #expect(outcome.error?.status == refusal.status, "\(outcome.error?.description ?? "no error")")
    }

    @Test func acceptsRequestsExactlyAtLimits() {
        let line = "GET /" + String(repeating: "a", count: 64 - 14) + " HTTP/1.1"
        #expect(line.utf8.count == 64)
        let body = String(repeating: "x", count: 16)
        let input = line + "\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"
            + "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 16\r\n\r\n" + body
        let outcome = RequestParser.parse(input, limits: Self.small)
        #expect(outcome.error == nil)
        #expect(outcome.requests.count == 2)
        #expect(outcome.requests.last?.body == Array(body.utf8))
    }

    @Test func errorIsStickyAndFurtherBytesAreIgnored() {
        var parser = RequestParser()
        parser.feed(Array("GET / HTTP/1.1\r\nHost : a\r\n\r\n".utf8))
        guard case .error(let first) = parser.next() else {
            Issue.record("expected an error")
            return
        }
        parser.feed(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
        #expect(parser.next() == .error(first))
    }

    @Test func parsesChunkedBodyWithExtensionsAndTrailers() throws {
        let input = "POST /hook HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5;name=value\r\nhello\r\n6 ; x=\"q\"\r\n world\r\nA\r\n0123456789\r\n0;end\r\nX-Checksum: abc\r\n\r\n"
        let outcome = RequestParser.parse(input)
        #expect(outcome.error == nil)
        let request = try #require(outcome.requests.first)
        #expect(request.body == Array("hello world0123456789".utf8))
        #expect(request.trailers["x-checksum"] == "abc")
        #expect(request.headers["X-Checksum"] == nil)
    }

    @Test func parsesEmptyChunkedBody() throws {
        let outcome = RequestParser.parse("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
        #expect(try #require(outcome.requests.first).body.isEmpty)
    }

    @Test func parsesPipelinedRequestsInOrder() {
        let input = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
            + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            + "POST /3 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n"
            + "GET /4 HTTP/1.1\r\nHost: a\r\n\r\n"
        let outcome = RequestParser.parse(input)
        #expect(outcome.error == nil)
        #expect(outcome.requests.map(\.path) == ["/1", "/2", "/3", "/4"])
        #expect(outcome.requests.map { String(decoding: $0.body, as: UTF8.self) } == ["", "abc", "z", ""])
    }

    static let pipelinedSample = Array((
        "\r\nGET /a?b=c HTTP/1.1\r\nHost: a\r\nX-Empty:\r\nX-Spaces:  v  \r\n\r\n"
            + "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\nbody"
            + "PUT /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x\r\nabc\r\n0\r\nT: 1\r\n\r\n"
            + "GET http://h:1/x HTTP/1.0\r\n\r\n"
    ).utf8)

    @Test func givesTheSameResultWhateverByteBoundariesSplitTheInput() {
        let whole = RequestParser.parse(Self.pipelinedSample)
        #expect(whole.error == nil)
        #expect(whole.requests.count == 4)
        #expect(whole.continues == 1)
        for split in 0...Self.pipelinedSample.count {
            #expect(RequestParser.parse(Self.pipelinedSample, chunks: [split]) == whole, "split at \(split)")
        }
        let byteByByte = RequestParser.parse(
            Self.pipelinedSample,
            chunks: Array(repeating: 1, count: Self.pipelinedSample.count)
        )
        #expect(byteByByte == whole)
    }

    @Test func trimsHeaderValuesAndLooksNamesUpIgnoringCase() throws {
        let outcome = RequestParser.parse("GET / HTTP/1.1\r\nhOsT: a\r\nX-Empty:\r\nX-Spaces: \t v w \t\r\n\r\n")
        let request = try #require(outcome.requests.first)
        #expect(request.headers["host"] == "a")
        #expect(request.headers["X-EMPTY"] == "")
        #expect(request.headers["x-spaces"] == "v w")
    }

    struct TargetCase: Sendable, CustomTestStringConvertible {
        var requestLine: String
        var path: String
        var query: String?
        var testDescription: String { requestLine }
    }

    @Test(arguments: [
        TargetCase(requestLine: "GET / HTTP/1.1", path: "/", query: nil),
        TargetCase(requestLine: "GET /a/b?c=d&e=%20f HTTP/1.1", path: "/a/b", query: "c=d&e=%20f"),
        TargetCase(requestLine: "GET /a? HTTP/1.1", path: "/a", query: ""),
        TargetCase(requestLine: "GET /webhooks/voice/AbC-_~.9 HTTP/1.1", path: "/webhooks/voice/AbC-_~.9", query: nil),
        TargetCase(requestLine: "GET http://example.com/a/b?c HTTP/1.1", path: "/a/b", query: "c"),
        TargetCase(requestLine: "GET HTTPS://example.com:8443 HTTP/1.1", path: "/", query: nil),
        TargetCase(requestLine: "GET http://[::1]:80?q=1 HTTP/1.1", path: "/", query: "q=1"),
        TargetCase(requestLine: "OPTIONS * HTTP/1.1", path: "*", query: nil),
    ])
    func splitsTargets(_ target: TargetCase) throws {
        let outcome = RequestParser.parse(target.requestLine + "\r\nHost: a\r\n\r\n")
        let request = try #require(outcome.requests.first, "\(outcome.error?.description ?? "")")
        #expect(request.path == target.path)
        #expect(request.query == target.query)
        #expect(request.target == String(target.requestLine.split(separator: " ")[1]))
    }

    struct KeepAliveCase: Sendable, CustomTestStringConvertible {
        var head: String
        var version: HTTPVersion
        var keepAlive: Bool
        var testDescription: String { head.replacingOccurrences(of: "\r\n", with: " | ") }
    }

    @Test(arguments: [
        KeepAliveCase(head: "GET / HTTP/1.1\r\nHost: a\r\n", version: .http1_1, keepAlive: true),
        KeepAliveCase(head: "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n", version: .http1_1, keepAlive: false),
        KeepAliveCase(head: "GET / HTTP/1.1\r\nHost: a\r\nConnection: TE, Close\r\n", version: .http1_1, keepAlive: false),
        KeepAliveCase(head: "GET / HTTP/1.0\r\n", version: .http1_0, keepAlive: false),
        KeepAliveCase(head: "GET / HTTP/1.0\r\nConnection: keep-alive\r\n", version: .http1_0, keepAlive: true),
        KeepAliveCase(head: "GET / HTTP/1.0\r\nHost: a\r\nConnection: Keep-Alive\r\n", version: .http1_0, keepAlive: true),
        KeepAliveCase(head: "GET / HTTP/1.9\r\nHost: a\r\n", version: .http1_1, keepAlive: true),
    ])
    func decidesKeepAlive(_ testCase: KeepAliveCase) throws {
        let request = try #require(RequestParser.parse(testCase.head + "\r\n").requests.first)
        #expect(request.version == testCase.version)
        #expect(request.wantsKeepAlive == testCase.keepAlive)
    }

    @Test func http10RequestWithBodyByContentLength() throws {
        let request = try #require(
            RequestParser.parse("POST /x HTTP/1.0\r\nContent-Length: 2\r\n\r\nhi").requests.first
        )
        #expect(request.body == Array("hi".utf8))
        #expect(request.version == .http1_0)
    }

    @Test func contentLengthZeroOnPostIsAnEmptyBody() throws {
        let request = try #require(
            RequestParser.parse("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").requests.first
        )
        #expect(request.body.isEmpty)
    }

    @Test func reportsPhasesForTimeouts() {
        var parser = RequestParser()
        #expect(parser.phase == .idle)
        parser.feed(Array("POST / HTTP/1.1\r\nHo".utf8))
        #expect(parser.next() == .needMoreData)
        #expect(parser.phase == .head)
        parser.feed(Array("st: a\r\nContent-Length: 4\r\n\r\nab".utf8))
        #expect(parser.next() == .needMoreData)
        #expect(parser.phase == .body)
        parser.feed(Array("cd".utf8))
        guard case .request = parser.next() else {
            Issue.record("expected a request")
            return
        }
        #expect(parser.phase == .idle)
        #expect(parser.next() == .needMoreData)
    }

    @Test func announcesContinueOnlyWhenABodyIsExpected() {
        let withBody = RequestParser.parse("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\nx")
        #expect(withBody.continues == 1)
        #expect(withBody.requests.count == 1)
        let withoutBody = RequestParser.parse("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n")
        #expect(withoutBody.continues == 0)
        #expect(withoutBody.requests.count == 1)
    }
}
