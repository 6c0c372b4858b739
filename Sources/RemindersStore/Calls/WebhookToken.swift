/// The unguessable token in an attempt's webhook URL (`/webhooks/voice/{token}`).
///
/// 192 bits from the system's secure random source (`SystemRandomNumberGenerator` reads
/// getrandom(2) on Linux), written as 48 lowercase hex digits: well past the 128 bits that make
/// guessing a live token hopeless.
public enum WebhookToken {
    /// Random bytes per token.
    static let byteCount = 24

    /// A new token.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    /// A token from `generator` (tests pass a seeded one).
    public static func generate(using generator: inout some RandomNumberGenerator) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(byteCount * 2)
        for _ in 0..<byteCount {
            let byte = UInt8.random(in: .min ... .max, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Whether `text` has the shape of a token (checked before any database lookup).
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        text.utf8.count == byteCount * 2 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}
