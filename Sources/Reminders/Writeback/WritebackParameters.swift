/// The parameters of a campaign's `source.postgres.writeback` statement, and which of them a
/// statement uses.
///
/// `$1` id, `$2` status, `$3` answer, `$4` last call time, `$5` call id. Postgres must know each
/// parameter's type: the ones a statement uses are sent untyped (Postgres infers them from where
/// they stand, as it does for psql's literals), the unused ones as text so they need no inference.
public enum WritebackParameters {
    /// How many parameters a write-back gets.
    public static let count = 5

    /// The `$n` numbers `statement` mentions (a `$n` inside a string literal counts too: the
    /// only cost is an untyped parameter Postgres then asks about).
    public static func used(in statement: String) -> Set<Int> {
        var used: Set<Int> = []
        let bytes = Array(statement.utf8)
        var index = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "$") else { continue }
            // `$$` and `$tag$` open dollar quotes, not parameters; `a$1` is part of a name.
            if index > 0, isIdentifierByte(bytes[index - 1]) { continue }
            var end = index + 1
            var number = 0
            while end < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[end]), number < 1_000 {
                number = number * 10 + Int(bytes[end] - UInt8(ascii: "0"))
                end += 1
            }
            if end > index + 1 { used.insert(number) }
        }
        return used
    }

    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "_") || byte >= 0x80
            || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
