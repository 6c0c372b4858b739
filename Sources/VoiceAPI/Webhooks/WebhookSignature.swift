public import Foundation

/// Checks a signed webhook delivery: `X-Webhook-Signature` is HMAC-SHA256 over
/// `{timestamp}.{body}` with the secret shared with the provider, and the timestamp must be fresh.
///
/// Read tolerantly, since the provider's documentation gives the scheme but not every spelling:
/// the timestamp comes from `X-Webhook-Timestamp` (Unix seconds or ISO 8601) or from a `t=` part
/// of the signature header; the signature is hex or base64, bare or as `sha256=…` / `v1=…`, and a
/// header may carry several (during a secret rotation) of which one must match.
public struct WebhookSignature: Sendable {
    /// How far a delivery's timestamp may be from our clock. The provider retries after 10 s,
    /// 60 s and 300 s; ten minutes admits its last retry even if it keeps the first timestamp,
    /// and a delivery replayed inside the window is caught by its delivery id and event key.
    public static let tolerance: TimeInterval = 600

    /// What a check found. Only `.valid` lets a delivery reach the database.
    public enum Verdict: Sendable, Equatable {
        case valid
        case missingSignature
        case missingTimestamp
        /// The timestamp is further than `tolerance` from now (or unreadable).
        case staleTimestamp
        case mismatch
    }

    private let secret: [UInt8]

    /// A checker for deliveries signed with `secret` (its UTF-8 bytes are the HMAC key).
    public init(secret: String) {
        self.secret = Array(secret.utf8)
    }

    /// Checks one delivery's headers against its body at `now`.
    public func check(body: [UInt8], timestamp: String?, signature: String?, now: Date) -> Verdict {
        guard let signature, !signature.isEmpty else { return .missingSignature }
        let parts = Self.parts(of: signature)
        guard let stamp = timestamp ?? parts.timestamp, !stamp.isEmpty else { return .missingTimestamp }
        guard let signedAt = Self.instant(stamp), abs(signedAt.timeIntervalSince(now)) <= Self.tolerance else {
            return .staleTimestamp
        }
        let expected = HMACSHA256.code(key: secret, message: Array(stamp.utf8) + [UInt8(ascii: ".")] + body)
        let matches = parts.codes.contains { HMACSHA256.equalInConstantTime($0, expected) }
        return matches ? .valid : .mismatch
    }

    /// A signature header for `body` at `timestamp` (the simulator and tests sign with it).
    public func sign(body: [UInt8], timestamp: String) -> String {
        let code = HMACSHA256.code(key: secret, message: Array(timestamp.utf8) + [UInt8(ascii: ".")] + body)
        return "sha256=" + SHA256.hex(code)
    }

    /// The codes in a signature header, and a timestamp if it carries one (`t=…`).
    static func parts(of header: String) -> (codes: [[UInt8]], timestamp: String?) {
        var codes: [[UInt8]] = []
        var timestamp: String?
        for piece in header.split(whereSeparator: { $0 == "," || $0 == " " }) {
            var value = Substring(piece)
            if let equals = piece.firstIndex(of: "=") {
                let label = piece[..<equals].lowercased()
                let rest = piece[piece.index(after: equals)...]
                if label == "t" {
                    timestamp = String(rest)
                    continue
                }
                // A label is a short word (`sha256`, `v1`); base64 padding also ends in "=".
                if label.count <= 8, label.allSatisfy({ $0.isLetter || $0.isNumber }), !rest.isEmpty { value = rest }
            }
            if let code = decode(value) { codes.append(code) }
        }
        return (codes, timestamp)
    }

    /// A 32-byte code written as hex or base64, or `nil`.
    static func decode(_ text: Substring) -> [UInt8]? {
        if text.count == 64, let bytes = hexBytes(text) { return bytes }
        if let data = Data(base64Encoded: String(text)), data.count == 32 { return [UInt8](data) }
        return nil
    }

    private static func hexBytes(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }

    /// A timestamp as Unix seconds or milliseconds (told apart by size: 10^11 seconds is in the
    /// year 5138) or as ISO 8601.
    static func instant(_ text: String) -> Date? {
        if let number = Double(text), number.isFinite, text.allSatisfy({ $0.isNumber || $0 == "." }) {
            return Date(timeIntervalSince1970: number >= 1e11 ? number / 1000 : number)
        }
        return ISO8601.parse(text)
    }
}
