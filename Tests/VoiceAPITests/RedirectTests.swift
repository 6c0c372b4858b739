import Foundation
import HTTPServer
import Synchronization
import Testing
import VoiceAPI

/// A redirect from the provider is never followed (issue 16: a 307 to another host name took the
/// `Authorization: Bearer …` header along).
@Suite struct RedirectTests {
    @Test func aRedirectIsNotFollowedAndTheKeyStaysHome() throws {
        let reachedElsewhere = Mutex<[String]>([])
        let elsewhere = HTTPServer { request in
            reachedElsewhere.withLock { $0.append(request.headers["authorization"] ?? "no key") }
            return HTTPResponse(status: 200, body: Array(#"{"sessions":[],"total":0}"#.utf8))
        }
        let elsewherePort = try elsewhere.start(host: "127.0.0.1", port: 0)
        defer { elsewhere.shutdown(gracePeriod: .seconds(1)) }
        let provider = HTTPServer { _ in
            HTTPResponse(status: 307, headers: ["Location": "http://localhost:\(elsewherePort)/voice/sessions"])
        }
        let providerPort = try provider.start(host: "127.0.0.1", port: 0)
        defer { provider.shutdown(gracePeriod: .seconds(1)) }

        let client = VoiceClient(
            baseURL: try #require(URL(string: "http://127.0.0.1:\(providerPort)")), apiKey: try APIKey("redirect-key-0123"),
            timeout: .seconds(5))
        #expect(throws: VoiceAPIError.self) { try client.sessions() }
        #expect(reachedElsewhere.withLock { $0 }.isEmpty)
        // A dial answered with a redirect is ambiguous: it is looked for, never sent again elsewhere.
        guard case .ambiguous = client.dial(DialRequest(agentID: "a", toNumber: "+15551230134", fromNumber: "+15550100000")) else {
            Issue.record("a redirected dial is not ambiguous")
            return
        }
        #expect(reachedElsewhere.withLock { $0 }.isEmpty)
    }
}
