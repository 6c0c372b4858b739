/// A SQL statement whose interpolated values all become bind parameters (`$1`, `$2`, …).
///
/// ```swift
/// let rows = try db.query("SELECT id FROM contacts WHERE phone = \(phone) AND campaign_id = \(id)")
/// ```
/// SQL injection cannot be written by accident: text that must be spliced into the statement
/// itself goes through the explicitly named `unsafeSQL` initializer or interpolation.
public struct Query: Sendable, ExpressibleByStringInterpolation {
    /// The statement text, with `$n` placeholders.
    public private(set) var sql: String
    /// The values bound to `$1…$n`, in order.
    public private(set) var binds: [PostgresBind]

    /// A statement built from raw text: the caller vouches that `unsafeSQL` holds no untrusted input.
    public init(unsafeSQL: String, binds: [PostgresBind] = []) {
        self.sql = unsafeSQL
        self.binds = binds
    }

    /// A literal with no interpolation is written by the programmer, hence safe.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, binds: stringInterpolation.binds)
    }

    /// Builds a statement, turning every interpolated value into a bind parameter.
    public struct StringInterpolation: StringInterpolationProtocol {
        var sql = ""
        var binds: [PostgresBind] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        /// A value, sent as the next `$n` parameter.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value) {
            append(value.postgresBind)
        }

        /// An optional value: `nil` is sent as SQL NULL, typed as `Value`.
        public mutating func appendInterpolation<Value: PostgresEncodable>(_ value: Value?) {
            append(value?.postgresBind ?? PostgresBind(type: Value.postgresType, text: nil))
        }

        /// Raw SQL text spliced in as is: only for identifiers and fragments the program itself chose.
        public mutating func appendInterpolation(unsafeSQL text: String) {
            sql += text
        }

        private mutating func append(_ bind: PostgresBind) {
            binds.append(bind)
            sql += "$\(binds.count)"
        }
    }
}
