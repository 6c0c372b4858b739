/// Validation of the request line, the header fields and the body framing they imply.
extension RequestParser {
    /// Methods this server implements; any other well-formed method is answered 501 (RFC 9110 §9.1).
    static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    /// Methods whose requests normally carry a body, so a request without framing gets 411.
    static let methodsRequiringLength: Set<String> = ["POST", "PUT", "PATCH"]

    static func parseRequestLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Head {
        let parts = line.split(separator: ByteClass.space, omittingEmptySubsequences: false)
        guard parts.count == 3 else { throw .badRequest("request line is not 'method target version'") }
        let methodBytes = parts[0], targetBytes = parts[1], versionBytes = parts[2]
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(ByteClass.isTokenChar) else {
            throw .badRequest("invalid method")
        }
        let version = try parseVersion(versionBytes)
        let method = String(decoding: methodBytes, as: UTF8.self)
        guard knownMethods.contains(method) else { throw .init(status: 501, reason: "method not implemented") }
        let target = try parseTarget(targetBytes, method: method)
        return Head(
            method: method,
            target: String(decoding: targetBytes, as: UTF8.self),
            path: target.path,
            query: target.query,
            version: version
        )
    }

    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        let text = Array(bytes)
        guard text.count == 8, text.starts(with: Array("HTTP/".utf8)),
              ByteClass.isDigit(text[5]), text[6] == UInt8(ascii: "."), ByteClass.isDigit(text[7])
        else { throw .badRequest("invalid HTTP version") }
        let major = Int(text[5] - UInt8(ascii: "0"))
        let minor = Int(text[7] - UInt8(ascii: "0"))
        guard major == 1 else { throw .init(status: 505, reason: "only HTTP/1.x is supported") }
        // A higher 1.x minor version is answered as 1.1, its highest version we implement (RFC 9110 §6.2).
        return minor == 0 ? .http1_0 : .http1_1
    }

    /// Splits a request target into path and query after checking every byte.
    static func parseTarget(
        _ bytes: ArraySlice<UInt8>,
        method: String
    ) throws(HTTPParseError) -> (path: String, query: String?) {
        guard let first = bytes.first else { throw .badRequest("empty request target") }
        if bytes.elementsEqual("*".utf8) {
            guard method == "OPTIONS" else { throw .badRequest("asterisk-form target outside OPTIONS") }
            return ("*", nil)
        }
        if first == UInt8(ascii: "/") {
            return try splitPathAndQuery(bytes)
        }
        // absolute-form, as proxies send it: the authority is checked, then ignored (Host decides).
        let lowered = bytes.prefix(8).map { $0 | 0x20 }
        let schemeLength: Int
        if lowered.starts(with: Array("http://".utf8)) {
            schemeLength = 7
        } else if lowered.starts(with: Array("https://".utf8)) {
            schemeLength = 8
        } else {
            throw .badRequest("invalid request target")
        }
        let afterScheme = bytes.dropFirst(schemeLength)
        let authorityEnd = afterScheme.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
            ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard !authority.isEmpty, authority.allSatisfy(ByteClass.isAuthorityByte) else {
            throw .badRequest("invalid authority in request target")
        }
        let rest = afterScheme[authorityEnd...]
        if rest.isEmpty { return ("/", nil) }
        let (path, query) = try splitPathAndQuery(rest)
        return (path.isEmpty ? "/" : path, query)
    }

    private static func splitPathAndQuery(
        _ bytes: ArraySlice<UInt8>
    ) throws(HTTPParseError) -> (path: String, query: String?) {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      ByteClass.isHexDigit(bytes[index + 1]), ByteClass.isHexDigit(bytes[index + 2])
                else { throw .badRequest("invalid percent-encoding in request target") }
                index += 3
                continue
            }
            guard ByteClass.isTargetByte(byte) else { throw .badRequest("invalid character in request target") }
            index += 1
        }
        guard let questionMark = bytes.firstIndex(of: UInt8(ascii: "?")) else {
            return (String(decoding: bytes, as: UTF8.self), nil)
        }
        return (
            String(decoding: bytes[..<questionMark], as: UTF8.self),
            String(decoding: bytes[(questionMark + 1)...], as: UTF8.self)
        )
    }

    static func parseFieldLine(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPHeaders.Field {
        guard let first = line.first else { throw .badRequest("empty header line") }
        if first == ByteClass.space || first == ByteClass.tab {
            throw .badRequest("obsolete line folding in header fields")
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            throw .badRequest("header line without a colon")
        }
        let nameBytes = line[..<colon]
        // Whitespace before the colon is refused (RFC 9112 §5.1): proxies disagree on the name.
        guard !nameBytes.isEmpty, nameBytes.allSatisfy(ByteClass.isTokenChar) else {
            throw .badRequest("invalid header name")
        }
        let name = String(decoding: nameBytes, as: UTF8.self)
        let isOWS: (UInt8) -> Bool = { $0 == ByteClass.space || $0 == ByteClass.tab }
        var value = line[(colon + 1)...].drop(while: isOWS)
        while let last = value.last, isOWS(last) { value = value.dropLast() }
        guard value.allSatisfy(ByteClass.isFieldValueByte) else {
            throw .badRequest("invalid character in the value of header \(name.prefix(64))")
        }
        return (name: name, value: String(decoding: value, as: UTF8.self))
    }

    /// Decides how the body is delimited, refusing every ambiguous combination (RFC 9112 §6.3).
    static func bodyFraming(of head: Head, limits: HTTPLimits) throws(HTTPParseError) -> BodyFraming {
        let hosts = head.headers.values(for: "Host")
        guard hosts.count <= 1, head.version == .http1_0 || hosts.count == 1 else {
            throw .badRequest("an HTTP/1.1 request needs exactly one Host header")
        }
        let transferEncodings = head.headers.values(for: "Transfer-Encoding")
        let contentLengths = head.headers.values(for: "Content-Length")
        if !transferEncodings.isEmpty {
            guard contentLengths.isEmpty else {
                throw .badRequest("both Content-Length and Transfer-Encoding")
            }
            guard head.version == .http1_1 else { throw .badRequest("Transfer-Encoding in an HTTP/1.0 request") }
            let codings = transferEncodings
                .flatMap { $0.split(separator: ",") }
                .map { $0.trimmingSpacesAndTabs().lowercased() }
                .filter { !$0.isEmpty }
            guard codings.allSatisfy({ $0 == "chunked" }) else {
                throw .init(status: 501, reason: "unsupported transfer coding")
            }
            guard codings == ["chunked"] else { throw .badRequest("chunked must be the one transfer coding") }
            return .chunked
        }
        if let lengthText = contentLengths.first {
            guard contentLengths.count == 1 else { throw .badRequest("repeated Content-Length") }
            // 18 digits cannot overflow Int; anything that long is over the body limit anyway.
            guard !lengthText.isEmpty, lengthText.utf8.count <= 18,
                  lengthText.utf8.allSatisfy(ByteClass.isDigit),
                  let length = Int(lengthText)
            else { throw .badRequest("invalid Content-Length") }
            guard length <= limits.bodySize else {
                throw .init(status: 413, reason: "body larger than \(limits.bodySize) bytes")
            }
            return .fixed(length)
        }
        guard !methodsRequiringLength.contains(head.method) else {
            throw .init(status: 411, reason: "\(head.method) needs Content-Length or chunked encoding")
        }
        return .none
    }

    /// Whether the client waits for `100 Continue`; expectations other than that get 417.
    static func expectsContinue(_ head: Head) throws(HTTPParseError) -> Bool {
        let expectations = head.headers.values(for: "Expect")
        guard !expectations.isEmpty else { return false }
        guard expectations.count == 1, expectations[0].lowercased() == "100-continue" else {
            throw .init(status: 417, reason: "unsupported expectation")
        }
        return head.version == .http1_1
    }
}
