import Glibc
import Testing
@testable import HTTPServer

struct PeerAddressTests {
    static func ipv4(_ text: String, port: UInt16) -> PeerAddress {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        _ = inet_pton(AF_INET, text, &address.sin_addr)
        return PeerAddress(storage(of: address))
    }

    static func ipv6(_ text: String, port: UInt16) -> PeerAddress {
        var address = sockaddr_in6()
        address.sin6_family = sa_family_t(AF_INET6)
        address.sin6_port = port.bigEndian
        _ = inet_pton(AF_INET6, text, &address.sin6_addr)
        return PeerAddress(storage(of: address))
    }

    static func storage<Address>(of address: Address) -> sockaddr_storage {
        var storage = sockaddr_storage()
        withUnsafeMutableBytes(of: &storage) { target in
            withUnsafeBytes(of: address) { target.copyBytes(from: $0) }
        }
        return storage
    }

    @Test func ipv4PeersAreTheAddressWithoutThePort() {
        #expect(Self.ipv4("127.0.0.2", port: 40000) == .ipv4(0x7F00_0002))
        #expect(Self.ipv4("127.0.0.2", port: 40000) == Self.ipv4("127.0.0.2", port: 50000))
        #expect(Self.ipv4("127.0.0.2", port: 40000) != Self.ipv4("127.0.0.1", port: 40000))
    }

    @Test func ipv6PeersAreTheirSlash64() {
        #expect(Self.ipv6("2001:db8:1:2::1", port: 1) == Self.ipv6("2001:db8:1:2:ffff::9", port: 2))
        #expect(Self.ipv6("2001:db8:1:2::1", port: 1) == .ipv6Network(0x2001_0db8_0001_0002))
        #expect(Self.ipv6("2001:db8:1:2::1", port: 1) != Self.ipv6("2001:db8:1:3::1", port: 1))
    }

    @Test func ipv4MappedAddressesAreTheIPv4Peer() {
        #expect(Self.ipv6("::ffff:192.0.2.7", port: 1) == Self.ipv4("192.0.2.7", port: 2))
        #expect(Self.ipv6("::1", port: 1) == .ipv6Network(0))
    }
}
