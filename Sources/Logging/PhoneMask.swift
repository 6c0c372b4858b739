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

    /// Characters that may sit between the digit groups of a written phone number:
    /// `+1 (212) 555-0110`, `212.555.0111`. At most two in a row belong to one number.
    static let separators: Set<Character> = [" ", "-", ".", "(", ")"]

    /// Masks every phone-like number in `text`: at least `minimumDigits` digits, however they are
    /// grouped and punctuated (an optional leading `+` included). Dates written `YYYY-MM-DD` and
    /// times (`13:11:21.123456`) stay readable; shorter runs (status codes, counts) too.
    public static func maskDigitRuns(_ text: String) -> String {
        let characters = Array(text)
        var output = ""
        var index = 0
        while index < characters.count {
            if let dateEnd = isoDate(in: characters, at: index) {
                output += String(characters[index..<dateEnd])
                index = dateEnd
                continue
            }
            // Seconds after a colon (`13:11:21.123456`) are a time, not a number.
            if index > 0, characters[index - 1] == ":", characters[index].isASCIIDigit {
                while index < characters.count, characters[index].isASCIIDigit || characters[index] == "." {
                    output.append(characters[index])
                    index += 1
                }
                continue
            }
            let end = numberEnd(in: characters, from: index)
            guard end > index else {
                output.append(characters[index])
                index += 1
                continue
            }
            let candidate = String(characters[index..<end])
            output += candidate.filter(\.isASCIIDigit).count >= minimumDigits ? mask(candidate) : candidate
            index = end
        }
        return output
    }

    /// Where a phone-like number starting at `start` ends (after its last digit); `start` when none starts there.
    private static func numberEnd(in characters: [Character], from start: Int) -> Int {
        var index = start
        var end = start
        var gap = 0
        while index < characters.count {
            let character = characters[index]
            if character.isASCIIDigit {
                index += 1
                end = index
                gap = 0
            } else if character == "+" && index == start {
                index += 1
            } else if separators.contains(character) && gap < 2 && (end > start || character == "(") {
                index += 1
                gap += 1
            } else {
                break
            }
        }
        return end
    }

    /// The end of a `YYYY-MM-DD` date starting at `index`, not preceded by a digit; nil otherwise.
    private static func isoDate(in characters: [Character], at index: Int) -> Int? {
        guard index + 10 <= characters.count, index == 0 || !characters[index - 1].isASCIIDigit else { return nil }
        let shape = Array("dddd-dd-dd")
        for offset in 0..<10 {
            let character = characters[index + offset]
            guard shape[offset] == "d" ? character.isASCIIDigit : character == "-" else { return nil }
        }
        let end = index + 10
        return end < characters.count && characters[end].isASCIIDigit ? nil : end
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
