import Testing
import Worker

@Suite struct ListenAddressTests {
    @Test(arguments: [("127.0.0.1:8080", "127.0.0.1", UInt16(8080)), ("0.0.0.0:0", "0.0.0.0", 0), ("::1:9000", "::1", 9000)])
    func parses(text: String, host: String, port: UInt16) throws {
        #expect(try ListenAddress(parsing: text) == ListenAddress(host: host, port: port))
    }

    @Test(arguments: ["8080", ":8080", "host:", "host:99999", "host:eighty"])
    func refuses(text: String) {
        #expect(throws: ListenAddressError.self) { try ListenAddress(parsing: text) }
    }
}
