/// Size limits the request parser enforces; anything larger is refused before it is buffered.
public struct HTTPLimits: Sendable, Equatable {
    /// Longest request line, without CRLF. 8 KiB is what common servers and proxies accept,
    /// far above any target our webhooks, health and metrics endpoints use. Over it: 414.
    public static let defaultRequestLineLength = 8 * 1024
    /// Largest header block (all field lines with their CRLFs, plus any trailers). 32 KiB holds
    /// generous proxy and tracing headers while bounding memory per connection. Over it: 431.
    public static let defaultHeaderBlockSize = 32 * 1024
    /// Most header fields (plus trailer fields) in one request. 100 is the usual server default;
    /// real clients send a dozen or two. Over it: 431.
    public static let defaultHeaderCount = 100
    /// Largest body after de-chunking. Webhook events and provider API calls are a few KiB, so
    /// 64 KiB leaves room without letting a client make us buffer megabytes. Over it: 413.
    public static let defaultBodySize = 64 * 1024
    /// Longest chunk-size line including extensions. The size needs at most 16 hex digits; 1 KiB
    /// allows reasonable extensions, which we ignore, without buffering junk.
    public static let chunkLineLength = 1024
    /// Empty lines tolerated before a request line (RFC 9112 §2.2 asks servers to skip some,
    /// left over from clients that add CRLF after a body); more is junk and refused.
    public static let leadingEmptyLines = 4

    /// Longest request line accepted, in bytes.
    public var requestLineLength: Int
    /// Largest header block accepted, in bytes.
    public var headerBlockSize: Int
    /// Most header fields accepted.
    public var headerCount: Int
    /// Largest body accepted, in bytes.
    public var bodySize: Int

    /// Creates limits; each defaults to the named constant above.
    public init(
        requestLineLength: Int = defaultRequestLineLength,
        headerBlockSize: Int = defaultHeaderBlockSize,
        headerCount: Int = defaultHeaderCount,
        bodySize: Int = defaultBodySize
    ) {
        self.requestLineLength = requestLineLength
        self.headerBlockSize = headerBlockSize
        self.headerCount = headerCount
        self.bodySize = bodySize
    }
}
