#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start.
public struct ServerError: Error, CustomStringConvertible, Sendable {
    public let description: String

    init(_ description: String) { self.description = description }
}

/// The outcome of one non-blocking read or write.
enum IOResult {
    case bytes(Int)
    case wouldBlock
    case endOfFile
    case failed(Int32)
}

/// Thin wrappers over the BSD socket calls the server needs; every socket is non-blocking.
enum Socket {
    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Binds and listens on `host:port`, returning the socket and the port actually bound.
    static func openListener(host: String, port: Int, backlog: Int32) throws(ServerError) -> (fd: Int32, port: Int) {
        guard (0...65_535).contains(port) else { throw ServerError("port \(port) is outside 0...65535") }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = streamType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw ServerError("cannot resolve host '\(host)': \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        var lastError = ServerError("no address for host '\(host)'")
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let info = candidate {
            candidate = info.pointee.ai_next
            do throws(ServerError) {
                let fd = try bindAndListen(info.pointee, host: host, port: port, backlog: backlog)
                return (fd, try boundPort(fd))
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    private static func bindAndListen(_ info: addrinfo, host: String, port: Int, backlog: Int32) throws(ServerError) -> Int32 {
        let fd = socket(info.ai_family, info.ai_socktype, info.ai_protocol)
        guard fd >= 0 else { throw ServerError("cannot create a socket: \(errorText(errno))") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.ai_addr, info.ai_addrlen) == 0 else {
            let code = errno
            close(fd)
            let reason = code == EADDRINUSE ? "address already in use" : errorText(code)
            throw ServerError("cannot bind \(host):\(port): \(reason)")
        }
        guard listen(fd, backlog) == 0, setNonBlocking(fd) else {
            let code = errno
            close(fd)
            throw ServerError("cannot listen on \(host):\(port): \(errorText(code))")
        }
        return fd
    }

    private static func boundPort(_ fd: Int32) throws(ServerError) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) == 0 }
        }
        guard ok else {
            close(fd)
            throw ServerError("cannot read the bound address: \(errorText(errno))")
        }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer -> Int in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    enum AcceptResult {
        /// The socket and the peer's numeric address.
        case accepted(Int32, peer: String)
        case wouldBlock
        case failed(Int32)
    }

    /// Accepts one pending connection as a non-blocking, close-on-exec, `TCP_NODELAY` socket.
    static func acceptConnection(_ listener: Int32) -> AcceptResult {
        while true {
            var peer = sockaddr_storage()
            var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
            // Glibc's module map leaves out accept4; fcntl sets the same flags.
            let fd = withUnsafeMutablePointer(to: &peer) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { accept(listener, $0, &length) }
            }
            if fd >= 0 {
                _ = setNonBlocking(fd)
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
                #if !os(Linux)
                var on: Int32 = 1
                setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
                #endif
            }
            if fd >= 0 {
                var on: Int32 = 1
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
                return .accepted(fd, peer: numericAddress(peer))
            }
            switch errno {
            case EINTR, ECONNABORTED: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(code)
            }
        }
    }

    /// The IP address of a socket address ("127.0.0.1", "::1"); "-" for another family.
    static func numericAddress(_ storage: sockaddr_storage) -> String {
        var storage = storage
        let family = Int32(storage.ss_family)
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let converted = withUnsafePointer(to: &storage) { pointer -> Bool in
            switch family {
            case AF_INET:
                pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { address in
                    withUnsafePointer(to: address.pointee.sin_addr) { inet_ntop(AF_INET, $0, &text, socklen_t(text.count)) != nil }
                }
            case AF_INET6:
                pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { address in
                    withUnsafePointer(to: address.pointee.sin6_addr) { inet_ntop(AF_INET6, $0, &text, socklen_t(text.count)) != nil }
                }
            default:
                false
            }
        }
        return converted ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "-"
    }

    static func receive(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> IOResult {
        while true {
            let count = read(fd, buffer.baseAddress, buffer.count)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .endOfFile }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(code)
            }
        }
    }

    /// Sends the bytes of `vectors`, in order, in one call.
    static func transmit(_ fd: Int32, _ vectors: [iovec]) -> IOResult {
        var vectors = vectors
        var message = msghdr()
        while true {
            let count = vectors.withUnsafeMutableBufferPointer { buffer in
                message.msg_iov = buffer.baseAddress
                message.msg_iovlen = numericCast(buffer.count)
                return sendmsg(fd, &message, sendFlags)
            }
            if count >= 0 { return .bytes(count) }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case let code: return .failed(code)
            }
        }
    }

    static func shutdownWrite(_ fd: Int32) {
        _ = shutdown(fd, Int32(SHUT_WR))
    }

    static func release(_ fd: Int32) {
        _ = close(fd)
    }

    private static func setNonBlocking(_ fd: Int32) -> Bool {
        let flags = fcntl(fd, F_GETFL)
        return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
    }

    #if os(Linux)
    private static let streamType = Int32(SOCK_STREAM.rawValue)
    private static let sendFlags = Int32(MSG_NOSIGNAL)
    #else
    private static let streamType = SOCK_STREAM
    private static let sendFlags: Int32 = 0
    #endif
}
