extension PhoneNumber {
    /// Splits raw text into a leading `+` and digit values, refusing anything not a number.
    static func scan(_ raw: String) throws(PhoneNumberError) -> (hasPlus: Bool, digits: [UInt8]) {
        guard raw.utf8.count <= maxInputLength else { throw .inputTooLong }
        var hasPlus = false
        var digits: [UInt8] = []
        digits.reserveCapacity(16)
        var scalars = raw.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar {
            case "0"..."9":
                digits.append(UInt8(scalar.value - 48))
            case " ", "\t", ".", "-", "(", ")", "/", "\u{00A0}", "\u{2009}", "\u{202F}", "\u{2010}", "\u{2011}", "\u{2013}":
                continue
            case "+":
                guard !hasPlus, digits.isEmpty else { throw .misplacedPlus }
                hasPlus = true
            case "x", "X", "#", ";", ",":
                // `x12`, `#12`, `;ext=12`, and `,` (a dialler's pause) all introduce an extension.
                throw .extensionNotAllowed
            case "e", "E":
                var lookahead = scalars
                let next = String(String.UnicodeScalarView([lookahead.next(), lookahead.next()].compactMap { $0 }))
                throw next.lowercased() == "xt" ? .extensionNotAllowed : .letters
            case _ where scalar.properties.isAlphabetic:
                throw .letters
            default:
                throw .invalidCharacter(Character(scalar))
            }
        }
        guard !digits.isEmpty else { throw .empty }
        return (hasPlus, digits)
    }
}
