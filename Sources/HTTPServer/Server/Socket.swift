import Glibc

/// Thin wrappers over the POSIX socket calls the server makes; every descriptor is a plain `Int32`.
enum Socket {
    /// What a wait for readability ended with.
    enum Readiness {
        case readable
        /// The shutdown pipe became readable: the server is stopping.
        case woken
        case timedOut
    }

    /// Opens a listening TCP socket on `host:port` and returns it with the port actually bound.
    static func listen(host: String, port: UInt16, backlog: Int32) throws(HTTPServerError) -> (fd: Int32, port: UInt16) {
        let place = "\(host):\(port)"
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &found)
        guard status == 0, let info = found else {
            throw HTTPServerError(operation: "resolve \(place)", message: String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(found) }

        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw systemError("socket for \(place)") }
        var reuse: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 else {
            let error = systemError("bind \(place)")
            close(fd)
            throw error
        }
        guard Glibc.listen(fd, backlog) == 0 else {
            let error = systemError("listen on \(place)")
            close(fd)
            throw error
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else {
            let error = systemError("getsockname for \(place)")
            close(fd)
            throw error
        }
        return (fd, boundPort(of: address))
    }

    private static func boundPort(of address: sockaddr_storage) -> UInt16 {
        var copy = address
        return withUnsafePointer(to: &copy) { pointer in
            if Int32(address.ss_family) == AF_INET6 {
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin6_port) }
            } else {
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt16(bigEndian: $0.pointee.sin_port) }
            }
        }
    }

    /// Accepts one connection as a non-blocking socket, with the client's address; `nil` on
    /// failure, with `errno` set.
    static func accept(_ listener: Int32) -> (fd: Int32, peer: PeerAddress)? {
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let fd = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.accept(listener, $0, &length) }
        }
        guard fd >= 0 else { return nil }
        // accept4 is not exported to Swift; set the flags the portable way.
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var noDelay: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &noDelay, socklen_t(MemoryLayout<Int32>.size))
        return (fd, PeerAddress(address))
    }

    /// Waits until `fd` is readable, `wake` (if any) is readable, or `deadline` passes.
    static func waitReadable(_ fd: Int32, wake: Int32?, deadline: ContinuousClock.Instant?) -> Readiness {
        var fds = [pollfd(fd: fd, events: Int16(POLLIN), revents: 0)]
        if let wake { fds.append(pollfd(fd: wake, events: Int16(POLLIN), revents: 0)) }
        while true {
            let timeout = deadline.map { ($0 - ContinuousClock.now).pollMilliseconds } ?? -1
            let ready = poll(&fds, nfds_t(fds.count), timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                return .readable  // Let the following recv report the error.
            }
            if fds.count > 1, fds[1].revents != 0 { return .woken }
            if fds[0].revents != 0 { return .readable }
            if let deadline, ContinuousClock.now >= deadline { return .timedOut }
        }
    }

    /// Whether the client has sent bytes not read yet (checked without waiting).
    static func hasPendingInput(_ fd: Int32) -> Bool {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&descriptor, 1, 0) > 0
    }

    /// Reads what is available into `buffer`: the count, 0 at end of stream, `nil` when nothing is ready.
    static func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Int? {
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count >= 0 { return count }
        if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return nil }
        return 0  // A reset or other error ends the connection like an end of stream.
    }

    /// Writes all of `bytes` before `deadline`; returns false if the peer is gone or too slow.
    static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: ContinuousClock.Instant) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes {
                send(fd, $0.baseAddress.map { $0 + offset }, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent > 0 {
                offset += sent
                continue
            }
            guard sent < 0, errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR else { return false }
            var writable = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return false }
            _ = poll(&writable, 1, remaining.pollMilliseconds)
        }
        return true
    }

    /// Sends what fits without waiting, for a best-effort reply such as the over-capacity 503.
    static func sendWithoutWaiting(_ fd: Int32, _ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

    /// Stops sending, then reads and discards what the client still sends for a short while, so
    /// closing does not reset the connection and destroy a response the client has not read yet.
    static func lingeringClose(_ fd: Int32, for duration: Duration, maxBytes: Int) {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
        let deadline = ContinuousClock.now + duration
        var scratch = [UInt8](repeating: 0, count: 4096)
        var discarded = 0
        while discarded < maxBytes, waitReadable(fd, wake: nil, deadline: deadline) == .readable {
            guard let count = receive(fd, into: &scratch) else { continue }
            guard count > 0 else { break }
            discarded += count
        }
    }

    static func systemError(_ operation: String) -> HTTPServerError {
        HTTPServerError(operation: operation, message: String(cString: strerror(errno)))
    }
}
