import Testing
@testable import HTTPServer

/// Random and mutated input: the parser must never crash, must only answer with the statuses it
/// documents, must respect its limits, and must not depend on how the bytes were split.
struct RequestParserFuzzTests {
    /// Inputs per seed: enough to reach every parser state many times, while the suite stays under a second.
    static let iterations = 3000
    static let allowedStatuses: Set<Int> = [400, 411, 413, 414, 417, 431, 501, 505]
    static let limits = HTTPLimits(requestLineLength: 256, headerBlockSize: 512, headerCount: 8, bodySize: 128)

    static let corpus: [String] = [
        "GET /a?b=c HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n",
        "POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
        "POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: 1\r\n\r\n",
        "GET http://h:1/x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "PUT /x HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\nok",
        "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
    ]

    /// Bytes that matter to the grammar, so mutations hit interesting paths more often than noise.
    static let interestingBytes: [UInt8] = Array("\r\n :;,/?%0aFz\t\u{0}".utf8) + [0x7F, 0x80, 0xFF]

    static func mutate(_ input: [UInt8], using random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let index = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &random)
            let byte = Bool.random(using: &random)
                ? interestingBytes.randomElement(using: &random) ?? 0
                : UInt8.random(in: 0...255, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where !bytes.isEmpty: bytes[index] = byte
            case 1: bytes.insert(byte, at: index)
            case 2 where !bytes.isEmpty: bytes.remove(at: index)
            case 3 where !bytes.isEmpty:
                let end = min(bytes.count, index + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[index..<end], at: index)
            default: bytes += bytes.prefix(Int.random(in: 0...bytes.count, using: &random))
            }
        }
        return bytes
    }

    static func randomChunks(for count: Int, using random: inout SeededRandom) -> [Int] {
        var chunks: [Int] = []
        var total = 0
        while total < count {
            let size = Int.random(in: 1...max(1, count / 3), using: &random)
            chunks.append(size)
            total += size
        }
        return chunks
    }

    static func check(_ input: [UInt8], using random: inout SeededRandom) {
        let whole = RequestParser.parse(input, limits: limits)
        if let error = whole.error {
            #expect(allowedStatuses.contains(error.status), "\(error)")
        }
        for request in whole.requests {
            #expect(request.body.count <= limits.bodySize)
            #expect(request.headers.count + request.trailers.count <= limits.headerCount)
            #expect(request.path.hasPrefix("/") || request.path == "*")
        }
        let split = RequestParser.parse(input, chunks: randomChunks(for: input.count, using: &random), limits: limits)
        #expect(split == whole)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func mutatedRequestsNeverCrashAndAgreeAcrossSplits(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for _ in 0..<Self.iterations {
            let base = Self.corpus.randomElement(using: &random) ?? ""
            let input = Self.mutate(Array(base.utf8), using: &random)
            Self.check(input, using: &random)
        }
    }

    @Test(arguments: [7, 8] as [UInt64])
    func randomBytesNeverCrash(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        for _ in 0..<Self.iterations {
            let length = Int.random(in: 0...600, using: &random)
            let input = (0..<length).map { _ in
                Bool.random(using: &random)
                    ? Self.interestingBytes.randomElement(using: &random) ?? 0
                    : UInt8.random(in: 0...255, using: &random)
            }
            Self.check(input, using: &random)
        }
    }

    @Test func completeRequestsAlwaysEndInARequestOrAnError() {
        var random = SeededRandom(seed: 42)
        for _ in 0..<Self.iterations {
            let base = Self.corpus.randomElement(using: &random) ?? ""
            // A mutated request followed by a clean one and the end of input: the parser has seen
            // enough to decide unless the mutation left a body or chunk still open.
            var input = Self.mutate(Array(base.utf8), using: &random)
            input += Array("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8)
            var parser = RequestParser(limits: Self.limits)
            parser.feed(input)
            var outcome = ParseOutcome()
            parser.drain(into: &outcome)
            #expect(!outcome.requests.isEmpty || outcome.error != nil || parser.phase == .body)
        }
    }
}
