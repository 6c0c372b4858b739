import Foundation
import Testing
@testable import VoiceAPI

/// Signed webhook deliveries (issue 16): HMAC-SHA256 over `{timestamp}.{body}`, read tolerantly.
@Suite struct WebhookSignatureTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let body = Array(#"{"call_id":"call_1","status":"completed"}"#.utf8)
    let signer = WebhookSignature(secret: "whsec-test-secret")

    @Test func hmacMatchesRFC4231() {
        // RFC 4231, test case 2.
        let code = HMACSHA256.code(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
        #expect(code.map { String(format: "%02x", $0) }.joined() == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        let long = HMACSHA256.code(
            key: [UInt8](repeating: 0xaa, count: 131), message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8))
        #expect(long.map { String(format: "%02x", $0) }.joined() == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func aSignatureOverAFreshTimestampIsValidInEverySpelling() throws {
        let stamp = "1800000000"
        let signed = signer.sign(body: Self.body, timestamp: stamp)
        let hex = String(signed.dropFirst("sha256=".count))
        let bytes = try #require(WebhookSignature.decode(Substring(hex)))
        for header in [signed, hex, "v1=" + hex, "t=\(stamp),v1=\(hex)", Data(bytes).base64EncodedString(), "v1=0000 " + signed] {
            let timestamp: String? = header.hasPrefix("t=") ? nil : stamp
            #expect(signer.check(body: Self.body, timestamp: timestamp, signature: header, now: Self.now) == .valid, "\(header)")
        }
        // Milliseconds and ISO 8601 timestamps, each signed as written.
        for written in ["1800000000000", ISO8601DateFormatter().string(from: Self.now)] {
            let header = signer.sign(body: Self.body, timestamp: written)
            #expect(signer.check(body: Self.body, timestamp: written, signature: header, now: Self.now) == .valid)
        }
    }

    @Test func everythingElseIsRefused() {
        let stamp = "1800000000"
        let signed = signer.sign(body: Self.body, timestamp: stamp)
        func check(
            _ timestamp: String?, _ signature: String?, body: [UInt8] = WebhookSignatureTests.body, now: Date = WebhookSignatureTests.now
        ) -> WebhookSignature.Verdict {
            signer.check(body: body, timestamp: timestamp, signature: signature, now: now)
        }
        #expect(check(stamp, nil) == .missingSignature)
        #expect(check(nil, signed) == .missingTimestamp)
        #expect(check(stamp, signed, body: Self.body + [32]) == .mismatch)
        #expect(check("1800000001", signed) == .mismatch)
        #expect(WebhookSignature(secret: "another").check(body: Self.body, timestamp: stamp, signature: signed, now: Self.now) == .mismatch)
        #expect(check(stamp, "sha256=zz") == .mismatch)
        #expect(check("yesterday", signed) == .staleTimestamp)
        let stale = Self.now.addingTimeInterval(WebhookSignature.tolerance + 1)
        #expect(check(stamp, signed, now: stale) == .staleTimestamp)
        #expect(check(stamp, signed, now: Self.now.addingTimeInterval(-WebhookSignature.tolerance - 1)) == .staleTimestamp)
        #expect(check(stamp, signed, now: Self.now.addingTimeInterval(WebhookSignature.tolerance)) == .valid)
    }
}
