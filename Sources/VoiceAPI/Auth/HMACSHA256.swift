/// HMAC-SHA256 (RFC 2104) over our own `SHA256`, for checking the provider's webhook signatures.
enum HMACSHA256 {
    /// SHA-256's block size in bytes; longer keys are hashed first, as RFC 2104 says.
    static let blockSize = 64

    /// The 32-byte authentication code of `message` under `key`.
    static func code(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > blockSize ? SHA256.hash(key) : key
        block += [UInt8](repeating: 0, count: blockSize - block.count)
        let inner = SHA256.hash(block.map { $0 ^ 0x36 } + message)
        return SHA256.hash(block.map { $0 ^ 0x5c } + inner)
    }

    /// Compares two codes in time that depends only on their lengths, so an attacker timing
    /// refusals learns nothing about how much of a forged signature was right.
    static func equalInConstantTime(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
