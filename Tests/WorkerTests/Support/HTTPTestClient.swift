import Foundation
import Glibc

/// A response as read by `HTTPTestClient`.
struct TestResponse {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// A minimal blocking HTTP/1.1 client for 127.0.0.1: one connection per request, closed after it.
enum HTTPTestClient {
    /// Bound on one request in a test; far above what a passing test needs.
    static let timeoutMilliseconds: Int32 = 10_000

    struct ClientError: Error, CustomStringConvertible {
        var description: String
    }

    static func request(
        port: UInt16, method: String, path: String, headers: [(String, String)] = [], body: String = ""
    ) throws -> TestResponse {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ClientError(description: "socket") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw ClientError(description: "connect to port \(port)") }
        let bodyBytes = Array(body.utf8)
        var message = Array("\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n".utf8)
        if method == "POST" {
            message += Array("Content-Type: application/json\r\nContent-Length: \(bodyBytes.count)\r\n".utf8)
        }
        for (name, value) in headers { message += Array("\(name): \(value)\r\n".utf8) }
        message += Array("\r\n".utf8) + bodyBytes
        var offset = 0
        while offset < message.count {
            let sent = message.withUnsafeBytes { send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw ClientError(description: "send") }
            offset += sent
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, timeoutMilliseconds) > 0 else { throw ClientError(description: "timeout") }
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += chunk[..<count]
        }
        let text = String(decoding: received, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else { throw ClientError(description: "no response head") }
        var lines = text[..<split.lowerBound].components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError(description: "bad status line") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return TestResponse(status: status, headers: headers, body: String(text[split.upperBound...]))
    }
}
