import Glibc

/// The client a connection comes from, for sharing capacity fairly: its IP address, not the port.
///
/// IPv6 clients count by their /64, the block one subscriber is given, so a single host cannot
/// pass for thousands by rotating addresses. An IPv4-mapped address (`::ffff:a.b.c.d`, an IPv4
/// client on a dual-stack socket) counts as that IPv4 address.
enum PeerAddress: Hashable, Sendable {
    /// An IPv4 address, in host byte order.
    case ipv4(UInt32)
    /// The first 64 bits of an IPv6 address.
    case ipv6Network(UInt64)
    /// Any other family; such peers share one group.
    case other

    /// The peer `accept(2)` reported.
    init(_ address: sockaddr_storage) {
        var copy = address
        self = withUnsafePointer(to: &copy) { pointer in
            switch Int32(address.ss_family) {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                    .ipv4(UInt32(bigEndian: $0.pointee.sin_addr.s_addr))
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Self(ipv6Bytes: withUnsafeBytes(of: $0.pointee.sin6_addr) { Array($0) })
                }
            default:
                .other
            }
        }
    }

    private init(ipv6Bytes bytes: [UInt8]) {
        let mappedPrefix: [UInt8] = Array(repeating: 0, count: 10) + [0xff, 0xff]
        if bytes.starts(with: mappedPrefix) {
            self = .ipv4(bytes[12..<16].reduce(0) { $0 << 8 | UInt32($1) })
        } else {
            self = .ipv6Network(bytes[0..<8].reduce(0) { $0 << 8 | UInt64($1) })
        }
    }
}
