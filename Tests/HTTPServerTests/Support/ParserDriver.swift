@testable import HTTPServer

/// Everything a parser produced from some input, for comparing runs.
struct ParseOutcome: Equatable {
    var requests: [HTTPRequest] = []
    var continues = 0
    var error: HTTPParseError?
}

extension RequestParser {
    /// Pulls events until the parser needs more data or fails, recording them in `outcome`.
    mutating func drain(into outcome: inout ParseOutcome) {
        while true {
            switch next() {
            case .request(let request): outcome.requests.append(request)
            case .continueExpected: outcome.continues += 1
            case .needMoreData: return
            case .error(let error):
                outcome.error = error
                return
            }
        }
    }

    /// Parses `input` fed in the given chunk sizes (the rest goes in one last chunk).
    static func parse(_ input: [UInt8], chunks: [Int] = [], limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
        var parser = RequestParser(limits: limits)
        var outcome = ParseOutcome()
        var offset = 0
        for size in chunks where offset < input.count {
            let end = min(input.count, offset + size)
            parser.feed(input[offset..<end])
            parser.drain(into: &outcome)
            offset = end
        }
        parser.feed(input[offset...])
        parser.drain(into: &outcome)
        return outcome
    }

    static func parse(_ text: String, limits: HTTPLimits = HTTPLimits()) -> ParseOutcome {
        parse(Array(text.utf8), limits: limits)
    }
}
