#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The system's secure random source, read 4 KiB at a time instead of 8 bytes per system call.
///
/// `SystemRandomNumberGenerator` makes one getrandom(2) call per 64 bits: for a million webhook
/// tokens that is 24 million system calls, a third of an import's CPU. The bytes here come from
/// the same kernel generator (`/dev/urandom`), only fetched in bulk, so tokens stay unguessable.
/// If the device cannot be read, it falls back to `SystemRandomNumberGenerator`.
final class BufferedSystemRandom: RandomNumberGenerator {
    /// Words fetched per read (4 KiB).
    static let wordsPerRefill = 512

    private var words = [UInt64](repeating: 0, count: BufferedSystemRandom.wordsPerRefill)
    private var position = BufferedSystemRandom.wordsPerRefill
    private let descriptor = open("/dev/urandom", O_RDONLY | O_CLOEXEC)
    private var system = SystemRandomNumberGenerator()

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    func next() -> UInt64 {
        if position == words.count { refill() }
        defer { position += 1 }
        return words[position]
    }

    private func refill() {
        let descriptor = descriptor
        let filled = words.withUnsafeMutableBytes { buffer -> Int in
            guard descriptor >= 0, let base = buffer.baseAddress else { return 0 }
            var filled = 0
            while filled < buffer.count {
                let count = read(descriptor, base + filled, buffer.count - filled)
                if count > 0 { filled += count } else if count < 0 && errno == EINTR { continue } else { break }
            }
            return filled
        }
        // Never hand out a word that was not filled from the kernel.
        for index in (filled / 8)..<words.count { words[index] = system.next() }
        position = 0
    }
}
