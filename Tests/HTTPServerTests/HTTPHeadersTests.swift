import Testing
@testable import HTTPServer

struct HTTPHeadersTests {
    @Test func keepsOrderAndRepeatsAndLooksUpIgnoringCase() {
        var headers: HTTPHeaders = ["Accept": "a", "X-Id": "1"]
        headers.add(name: "x-id", value: "2")
        #expect(headers["X-ID"] == "1")
        #expect(headers.values(for: "x-Id") == ["1", "2"])
        #expect(headers.map(\.name) == ["Accept", "X-Id", "x-id"])
        #expect(headers["Missing"] == nil)
        #expect(headers.count == 3)
    }

    @Test func setReplacesEveryFieldOfThatName() {
        var headers: HTTPHeaders = ["X-Id": "1", "Other": "o", "x-id": "2"]
        headers.set(name: "X-ID", value: "3")
        #expect(headers.values(for: "x-id") == ["3"])
        #expect(headers.map(\.name) == ["Other", "X-ID"])
        headers.remove(name: "other")
        #expect(!headers.contains("Other"))
    }

    @Test(arguments: [
        ("close", true), ("keep-alive, Close", true), (" TE ,close ", true), ("closed", false), ("", false),
    ])
    func findsTokensInCommaSeparatedValues(value: String, expected: Bool) {
        let headers: HTTPHeaders = ["Connection": value]
        #expect(headers.containsToken("close", in: "connection") == expected)
    }
}
