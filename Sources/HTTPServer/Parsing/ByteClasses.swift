/// Character classes from RFC 9110 / RFC 3986 that the parser checks bytes against.
enum ByteClass {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09

    /// `tchar`: the characters allowed in methods, header names and transfer codings.
    static func isTokenChar(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }

    /// Bytes allowed inside a field value: visible ASCII, obs-text, space and tab (no other controls).
    static func isFieldValueByte(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || (0x21...0x7E).contains(byte) || byte >= 0x80
    }

    /// Bytes allowed in a path or query, besides `%` escapes (RFC 3986 pchar, `/` and `?`).
    static func isTargetByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~!$&'()*+,;=:@/?".utf8.contains(byte)
        }
    }

    /// Bytes allowed in the authority of an absolute-form target (host, port, userinfo, IPv6).
    static func isAuthorityByte(_ byte: UInt8) -> Bool {
        isTargetByte(byte) && byte != UInt8(ascii: "/") && byte != UInt8(ascii: "?")
            || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
    }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        hexValue(byte) != nil
    }

    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): Int(byte - UInt8(ascii: "a")) + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): Int(byte - UInt8(ascii: "A")) + 10
        default: nil
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
