/// A `HOST:PORT` to listen on, as `--listen` takes it (`127.0.0.1:8080`, `0.0.0.0:0`).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    /// 0 asks the system for a free port.
    public var port: UInt16

    /// Where the receiver listens unless told otherwise: loopback only, so nothing is exposed by accident.
    public static let `default` = ListenAddress(host: "127.0.0.1", port: 8080)
    /// Where `serve` answers `/metrics` unless told otherwise: loopback, Prometheus's port
    /// convention for an exporter.
    public static let defaultMetrics = ListenAddress(host: "127.0.0.1", port: 9464)

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// Reads `HOST:PORT`; the port is what follows the last colon.
    public init(parsing text: String) throws(ListenAddressError) {
        guard let colon = text.lastIndex(of: ":") else { throw ListenAddressError(text: text) }
        let host = String(text[..<colon])
        guard !host.isEmpty, let port = UInt16(text[text.index(after: colon)...]) else {
            throw ListenAddressError(text: text)
        }
        self.init(host: host, port: port)
    }

    public var description: String { "\(host):\(port)" }
}

/// A `--listen` value that is not `HOST:PORT`.
public struct ListenAddressError: Error, Equatable, CustomStringConvertible {
    public let text: String
    public var description: String { "\"\(text.prefix(80))\" is not HOST:PORT (for example 127.0.0.1:8080)" }
}
