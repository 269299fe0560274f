import Glibc

/// A peer a fetch is about to connect to: numeric address and port.
struct Endpoint: Hashable, Sendable, CustomStringConvertible {
    /// 4 (IPv4) or 16 (IPv6) bytes in network order.
    var address: [UInt8]
    var port: UInt16

    /// Reads an IPv4 or IPv6 socket address of `length` bytes; nil for any other family.
    init?(_ socketAddress: UnsafeRawPointer, length: Int) {
        switch Int32(socketAddress.loadUnaligned(as: sa_family_t.self)) {
        case AF_INET where length >= MemoryLayout<sockaddr_in>.size:
            let ipv4 = socketAddress.loadUnaligned(as: sockaddr_in.self)
            address = withUnsafeBytes(of: ipv4.sin_addr) { Array($0) }
            port = UInt16(bigEndian: ipv4.sin_port)
        case AF_INET6 where length >= MemoryLayout<sockaddr_in6>.size:
            let ipv6 = socketAddress.loadUnaligned(as: sockaddr_in6.self)
            address = withUnsafeBytes(of: ipv6.sin6_addr) { Array($0) }
            port = UInt16(bigEndian: ipv6.sin6_port)
        default:
            return nil
        }
    }

    /// `host` must be a numeric IPv4 or IPv6 address (tests name the fixture server this way).
    init?(host: String, port: UInt16) {
        var ipv4 = in_addr()
        var ipv6 = in6_addr()
        if inet_pton(AF_INET, host, &ipv4) == 1 {
            address = withUnsafeBytes(of: ipv4) { Array($0) }
        } else if inet_pton(AF_INET6, host, &ipv6) == 1 {
            address = withUnsafeBytes(of: ipv6) { Array($0) }
        } else {
            return nil
        }
        self.port = port
    }

    var description: String {
        let family = address.count == 4 ? AF_INET : AF_INET6
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        let numeric = address.withUnsafeBytes { bytes in
            inet_ntop(family, bytes.baseAddress, &text, socklen_t(text.count)) != nil
                ? String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "?"
        }
        return family == AF_INET ? "\(numeric):\(port)" : "[\(numeric)]:\(port)"
    }
}

/// Which addresses a server-side fetch may reach: public unicast only, so that a submitted URL
/// cannot make the service probe its own host, its cloud metadata endpoint or the private network.
/// IPv6 must be global unicast (2000::/3) outside the IANA special-purpose ranges; every IPv6
/// form that carries an IPv4 address (and so may reach it through a translator) is judged by
/// that IPv4 address, or refused when its mapping is local.
enum AddressPolicy {
    static func isPublic(_ address: [UInt8]) -> Bool {
        switch address.count {
        case 4: isPublicIPv4(address[0], address[1], address[2])
        case 16: isPublicIPv6(address)
        default: false
        }
    }

    /// Decided by the first three octets: no refused IPv4 range is narrower than /24.
    private static func isPublicIPv4(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
        switch a {
        case 0, 10, 127: false                 // "this network" incl. unspecified, private, loopback
        case 100: b & 0xC0 != 64               // 100.64.0.0/10 carrier-grade NAT
        case 169: b != 254                     // link-local, where cloud metadata services live
        case 172: b & 0xF0 != 16               // 172.16.0.0/12 private
        case 192: b != 168 && (b, c) != (0, 0) // 192.168.0.0/16 private, 192.0.0.0/24 IETF protocol
        case 198: b & 0xFE != 18               // 198.18.0.0/15 benchmarking
        case 224...: false                     // multicast, reserved, broadcast
        default: true
        }
    }

    private static func isPublicIPv6(_ a: [UInt8]) -> Bool {
        if let embedded = embeddedIPv4(a) { return isPublicIPv4(embedded[0], embedded[1], embedded[2]) }
        guard a[0] & 0xE0 == 0x20 else { return false }                        // outside 2000::/3
        if a[0] == 0x20, a[1] == 0x01, a[2] & 0xFE == 0 { return false }       // 2001::/23 IETF protocols, Teredo 2001::/32
        if a[0] == 0x20, a[1] == 0x01, a[2] == 0x0D, a[3] == 0xB8 { return false } // 2001:db8::/32 documentation
        if a[0] == 0x3F, a[1] == 0xFF, a[2] & 0xF0 == 0 { return false }       // 3fff::/20 documentation
        return true
    }

    /// The IPv4 address inside an IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96),
    /// NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. Local-use NAT64 (64:ff9b:1::/48),
    /// IPv4-compatible (::/96) and Teredo addresses are not looked into: they are refused whole.
    private static func embeddedIPv4(_ a: [UInt8]) -> [UInt8]? {
        let zeros = { (range: Range<Int>) in a[range].allSatisfy { $0 == 0 } }
        if zeros(0..<10), a[10] == 0xFF, a[11] == 0xFF { return Array(a[12..<16]) }
        if zeros(0..<8), a[8] == 0xFF, a[9] == 0xFF, zeros(10..<12) { return Array(a[12..<16]) }
        if a[0..<4].elementsEqual([0, 0x64, 0xFF, 0x9B]), zeros(4..<12) { return Array(a[12..<16]) }
        if a[0] == 0x20, a[1] == 0x02 { return Array(a[2..<6]) }
        return nil
    }
}
