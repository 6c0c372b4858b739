import Testing
@testable import HTTPServer

struct HTTPRequestTests {
    static func request(_ target: String) -> HTTPRequest? {
        RequestParser.parse("GET \(target) HTTP/1.1\r\nHost: a\r\n\r\n").requests.first
    }

    @Test func decodesQueryParametersKeepingPlusSigns() throws {
        let request = try #require(Self.request("/voice/sessions?status=completed&to=%2B15550100&to=+1555&flag&limit=20&e=a%3Db"))
        #expect(request.queryParameters.map(\.name) == ["status", "to", "to", "flag", "limit", "e"])
        #expect(request.queryValue("to") == "+15550100")
        #expect(request.queryParameters[2].value == "+1555")
        #expect(request.queryValue("flag") == "")
        #expect(request.queryValue("e") == "a=b")
        #expect(request.queryValue("missing") == nil)
    }

    @Test func hasNoParametersWithoutAQuery() throws {
        #expect(try #require(Self.request("/a")).queryParameters.isEmpty)
        #expect(try #require(Self.request("/a?")).queryParameters.isEmpty)
    }

    @Test func splitsPathIntoDecodedSegments() throws {
        #expect(try #require(Self.request("/voice//status/ab%20c/")).pathSegments == ["voice", "status", "ab c"])
        #expect(try #require(Self.request("/")).pathSegments.isEmpty)
    }
}
