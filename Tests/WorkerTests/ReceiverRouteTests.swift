import Testing
import Worker

@Suite struct ReceiverRouteTests {
    @Test(arguments: [
        ("POST", "/webhooks/voice/abc", ReceiverRoute.webhook(token: "abc")),
        ("GET", "/webhooks/voice/abc", .methodNotAllowed(allowed: "POST")),
        ("POST", "/webhooks/voice/", .notFound),
        ("POST", "/webhooks/voice/a/b", .notFound),
        ("GET", "/healthz", .health),
        ("HEAD", "/healthz", .health),
        ("POST", "/healthz", .methodNotAllowed(allowed: "GET, HEAD")),
        ("GET", "/metrics", .notFound),
        ("GET", "/", .notFound),
    ])
    func routes(method: String, path: String, expected: ReceiverRoute) {
        #expect(ReceiverRoute(method: method, path: path) == expected)
    }

    @Test func labelsNeverCarryTheToken() {
        #expect(ReceiverRoute.label(method: "POST", path: "/webhooks/voice/0123456789abcdef") == "/webhooks/voice/{token}")
        #expect(ReceiverRoute.label(method: "GET", path: "/secret/path") == "other")
    }
}
