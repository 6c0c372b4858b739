/// Masks phone numbers in free text, since provider messages may echo the number dialled.
public enum PhoneMask {
    /// Shortest run of digits treated as a phone number; shorter runs (status codes, counts) stay readable.
    static let minimumDigits = 7

    /// Masks one number, keeping its country code sign, first digit and last four: `+1******0134`.
    public static func mask(_ number: String) -> String {
        let characters = Array(number)
        guard characters.count > 5 else { return String(repeating: "*", count: characters.count) }
        let headCount = characters.first == "+" ? 2 : 1
        let head = String(characters.prefix(headCount))
        let tail = String(characters.suffix(4))
        return head + String(repeating: "*", count: characters.count - headCount - 4) + tail
    }

    /// Masks every run of at least `minimumDigits` digits (an optional leading `+` included).
    public static func maskDigitRuns(_ text: String) -> String {
        var output = ""
        var run = ""
        func flush() {
            let digitCount = run.filter(\.isASCIIDigit).count
            output += digitCount >= minimumDigits ? mask(run) : run
            run = ""
        }
        for character in text {
            if character.isASCIIDigit || (character == "+" && run.isEmpty) {
                run.append(character)
            } else {
                flush()
                output.append(character)
            }
        }
        flush()
        return output
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
