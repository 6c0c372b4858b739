/// A sans-IO HTTP/1.1 request parser: feed it bytes, then pull events until it needs more.
///
/// It holds no socket and reads no clock, so it can be tested and fuzzed byte by byte. It is strict
/// where leniency enables request smuggling (RFC 9112 §6.3, §11.2): any doubt about where a body
/// ends is an error, after which the parser only repeats that error and the connection must close.
///
/// ```swift
/// var parser = RequestParser()
/// parser.feed(bytesFromSocket)
/// while case .request(let request) = parser.next() { … }
/// ```
public struct RequestParser: Sendable {
    /// What the parser has found in the bytes fed so far.
    public enum Event: Sendable, Equatable {
        /// A complete request; call `next()` again, pipelined requests may follow in the buffer.
        case request(HTTPRequest)
        /// The client sent `Expect: 100-continue`: answer `100 Continue` before it sends the body.
        case continueExpected
        /// The bytes so far end inside a request (or there are none); feed more.
        case needMoreData
        /// The request is malformed or over a limit; answer `error.status` and close.
        case error(HTTPParseError)
    }

    /// Which part of a request the parser is waiting for, so the caller can pick a timeout.
    public enum Phase: Sendable, Equatable {
        /// Between requests: no byte of the next request has arrived.
        case idle
        /// Inside the request line or header fields.
        case head
        /// Inside the body (or the trailer fields of a chunked body).
        case body
    }

    private enum State: Sendable {
        case requestLine(skippedEmptyLines: Int)
        case headerFields
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailerFields
        case failed(HTTPParseError)
    }

    /// The request line and fields of the request being parsed.
    struct Head: Sendable {
        var method: String
        var target: String
        var path: String
        var query: String?
        var version: HTTPVersion
        var headers = HTTPHeaders()
        var trailers = HTTPHeaders()
    }

    /// How the body of the current request is delimited.
    enum BodyFraming: Equatable {
        case none
        case fixed(Int)
        case chunked
    }

    /// The limits this parser enforces.
    public let limits: HTTPLimits

    private var buffer: [UInt8] = []
    /// Start of the bytes not consumed yet.
    private var position = 0
    /// Where the search for the next LF resumes, so slow clients do not cause rescans.
    private var scanIndex = 0
    private var state = State.requestLine(skippedEmptyLines: 0)
    private var head: Head?
    private var body: [UInt8] = []
    /// Bytes of header and trailer lines so far, for the header block limit.
    private var headBytes = 0
    private var fieldCount = 0
    private var continuePending = false

    /// Creates a parser enforcing `limits`.
    public init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Which part of a request the parser is in, to choose between idle, header and body timeouts.
    public var phase: Phase {
        switch state {
        case .requestLine(let skipped):
            skipped == 0 && position == buffer.count ? .idle : .head
        case .headerFields, .failed:
            .head
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailerFields:
            .body
        }
    }

    /// Appends bytes received from the client. Ignored once the parser has failed.
    public mutating func feed(_ bytes: some Sequence<UInt8>) {
        if case .failed = state { return }
        if position > 0 {
            buffer.removeFirst(position)
            scanIndex -= position
            position = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Parses as far as the buffered bytes allow and reports what was found.
    public mutating func next() -> Event {
        do {
            return try advance()
        } catch {
            state = .failed(error)
            return .error(error)
        }
    }

    private mutating func advance() throws(HTTPParseError) -> Event {
        while true {
            if continuePending {
                continuePending = false
                return .continueExpected
            }
            switch state {
            case .failed(let error):
                return .error(error)

            case .requestLine(let skipped):
                guard let line = try readLine(limit: limits.requestLineLength, tooLong: .uriTooLong) else {
                    return .needMoreData
                }
                if line.isEmpty {
                    guard skipped < HTTPLimits.leadingEmptyLines else {
                        throw .badRequest("too many empty lines before the request line")
                    }
                    state = .requestLine(skippedEmptyLines: skipped + 1)
                    continue
                }
                head = try Self.parseRequestLine(buffer[line])
                state = .headerFields

            case .headerFields:
                guard let line = try readFieldLine() else { return .needMoreData }
                if line.isEmpty {
                    if let request = try startBody() { return .request(request) }
                    continue
                }
                let field = try parseField(buffer[line])
                head?.headers.add(name: field.name, value: field.value)

            case .fixedBody(let remaining):
                let taken = takeBodyBytes(upTo: remaining)
                if taken == remaining { return .request(finishRequest()) }
                state = .fixedBody(remaining: remaining - taken)
                return .needMoreData

            case .chunkSize:
                guard let line = try readLine(
                    limit: HTTPLimits.chunkLineLength,
                    tooLong: .badRequest("chunk size line too long")
                ) else { return .needMoreData }
                let size = try parseChunkSize(buffer[line])
                state = size == 0 ? .trailerFields : .chunkData(remaining: size)

            case .chunkData(let remaining):
                let taken = takeBodyBytes(upTo: remaining)
                guard taken == remaining else {
                    state = .chunkData(remaining: remaining - taken)
                    return .needMoreData
                }
                state = .chunkDataEnd

            case .chunkDataEnd:
                guard buffer.count - position >= 2 else { return .needMoreData }
                guard buffer[position] == ByteClass.cr, buffer[position + 1] == ByteClass.lf else {
                    throw .badRequest("chunk data not followed by CRLF")
                }
                position += 2
                state = .chunkSize

            case .trailerFields:
                guard let line = try readFieldLine() else { return .needMoreData }
                if line.isEmpty { return .request(finishRequest()) }
                let field = try parseField(buffer[line])
                head?.trailers.add(name: field.name, value: field.value)
            }
        }
    }

    /// Decides the body framing once the header block has ended; returns the request if it has no body.
    private mutating func startBody() throws(HTTPParseError) -> HTTPRequest? {
        guard let head else { throw .badRequest("header block without a request line") }
        let framing = try Self.bodyFraming(of: head, limits: limits)
        if try Self.expectsContinue(head), framing != .none, framing != .fixed(0) {
            continuePending = true
        }
        switch framing {
        case .none, .fixed(0):
            return finishRequest()
        case .fixed(let length):
            state = .fixedBody(remaining: length)
        case .chunked:
            state = .chunkSize
        }
        return nil
    }

    private mutating func finishRequest() -> HTTPRequest {
        let finished = head ?? Head(method: "", target: "", path: "", version: .http1_1)
        let request = HTTPRequest(
            method: finished.method,
            target: finished.target,
            path: finished.path,
            query: finished.query,
            version: finished.version,
            headers: finished.headers,
            trailers: finished.trailers,
            body: body
        )
        head = nil
        body = []
        headBytes = 0
        fieldCount = 0
        state = .requestLine(skippedEmptyLines: 0)
        return request
    }

    /// Moves up to `count` buffered bytes into the body and returns how many were moved.
    private mutating func takeBodyBytes(upTo count: Int) -> Int {
        let taken = min(count, buffer.count - position)
        body.append(contentsOf: buffer[position..<(position + taken)])
        position += taken
        return taken
    }

    /// Reads a header or trailer line within what is left of the header block limit.
    private mutating func readFieldLine() throws(HTTPParseError) -> Range<Int>? {
        let crlf = 2
        guard let line = try readLine(
            limit: limits.headerBlockSize - headBytes - crlf,
            tooLong: .init(status: 431, reason: "header block too large")
        ) else { return nil }
        headBytes += line.count + crlf
        return line
    }

    /// Finds the next CRLF-terminated line and returns its range without the CRLF.
    ///
    /// A bare CR, a bare LF or a NUL anywhere is refused: recipients disagree on how to read them,
    /// which is how requests get smuggled past proxies.
    private mutating func readLine(limit: Int, tooLong: HTTPParseError) throws(HTTPParseError) -> Range<Int>? {
        var index = max(scanIndex, position)
        while index < buffer.count {
            let byte = buffer[index]
            if byte == ByteClass.lf {
                guard index > position, buffer[index - 1] == ByteClass.cr else {
                    throw .badRequest("bare LF in the request head")
                }
                guard index - 1 - position <= limit else { throw tooLong }
                let line = position..<(index - 1)
                position = index + 1
                scanIndex = position
                return line
            }
            if byte == ByteClass.cr {
                guard index + 1 < buffer.count else { break }
                guard buffer[index + 1] == ByteClass.lf else { throw .badRequest("bare CR in the request head") }
            }
            if byte == 0 { throw .badRequest("NUL byte in the request head") }
            index += 1
        }
        scanIndex = index
        guard index - position <= limit else { throw tooLong }
        return nil
    }

    private mutating func parseField(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
        fieldCount += 1
        guard fieldCount <= limits.headerCount else {
            throw .init(status: 431, reason: "more than \(limits.headerCount) header fields")
        }
        return try Self.parseFieldLine(line)
    }

    private func parseChunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = ByteClass.hexValue(line[index]) {
            size = size * 16 + digit
            // Checked per digit, so the arithmetic cannot overflow however many digits are sent.
            guard size <= limits.bodySize - body.count else {
                throw .init(status: 413, reason: "body larger than \(limits.bodySize) bytes")
            }
            index += 1
        }
        guard index > line.startIndex else { throw .badRequest("invalid chunk size") }
        let rest = line[index...].drop { $0 == ByteClass.space || $0 == ByteClass.tab }
        guard rest.isEmpty || rest.first == UInt8(ascii: ";"),
              rest.allSatisfy(ByteClass.isFieldValueByte)
        else { throw .badRequest("invalid chunk extension") }
        return size
    }
}

extension HTTPParseError {
    static let uriTooLong = HTTPParseError(status: 414, reason: "request line too long")
}
