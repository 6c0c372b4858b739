extension HTTPResponse {
    /// How the connection continues after this response, which decides the `Connection` header.
    enum Persistence {
        /// Keep the connection open; HTTP/1.0 clients need an explicit `keep-alive` to know it.
        case keepAlive(HTTPVersion)
        /// Close after writing; the client is told with `Connection: close`.
        case close
    }

    /// The bytes to put on the wire: status line, headers with framing, then the body.
    ///
    /// Handler-supplied framing headers are replaced, so a handler cannot desynchronise the
    /// connection; a header holding CR, LF or NUL (response splitting) turns the response into a 500.
    func serialized(persistence: Persistence, isHeadRequest: Bool = false) -> [UInt8] {
        guard (100...999).contains(status), headers.allSatisfy(Self.isSafe) else {
            return HTTPResponse.text(500, "internal error\n")
                .serialized(persistence: persistence, isHeadRequest: isHeadRequest)
        }
        var fields = headers
        fields.remove(name: "Content-Length")
        fields.remove(name: "Transfer-Encoding")
        fields.remove(name: "Connection")
        let bodyAllowed = !(100..<200).contains(status) && status != 204 && status != 304
        if bodyAllowed { fields.add(name: "Content-Length", value: String(body.count)) }
        switch persistence {
        case .close:
            fields.add(name: "Connection", value: "close")
        case .keepAlive(let version):
            if version == .http1_0 { fields.add(name: "Connection", value: "keep-alive") }
        }

        var head = "HTTP/1.1 \(status) \(HTTPStatus.reasonPhrase(status))\r\n"
        for field in fields { head += "\(field.name): \(field.value)\r\n" }
        head += "\r\n"
        var bytes = Array(head.utf8)
        if bodyAllowed && !isHeadRequest { bytes += body }
        return bytes
    }

    private static func isSafe(_ field: HTTPHeaders.Field) -> Bool {
        !field.name.isEmpty
            && field.name.utf8.allSatisfy(ByteClass.isTokenChar)
            && field.value.utf8.allSatisfy { $0 != 0x0D && $0 != 0x0A && $0 != 0x00 }
    }
}
