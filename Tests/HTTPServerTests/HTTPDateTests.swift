import Testing
@testable import HTTPServer

struct HTTPDateTests {
    @Test(arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_795_651_200, "Thu, 26 Nov 2026 00:00:00 GMT"),
    ])
    func formatsIMFFixdate(seconds: Int, expected: String) {
        #expect(HTTPDate.format(secondsSince1970: seconds) == expected)
    }

    @Test func addsDateOnlyWhenTheHandlerDidNot() {
        let added = String(decoding: HTTPResponse.empty(204).serialized(persistence: .close, date: "D1"), as: UTF8.self)
        #expect(added.contains("\r\nDate: D1\r\n"))
        var own = HTTPResponse.empty(204)
        own.headers.add(name: "date", value: "D0")
        let kept = String(decoding: own.serialized(persistence: .close, date: "D1"), as: UTF8.self)
        #expect(kept.contains("date: D0") && !kept.contains("D1"))
    }
}
