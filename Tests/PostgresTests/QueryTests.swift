import Foundation
import Postgres
import Testing

@Suite struct QueryTests {
    @Test func interpolatedValuesBecomeNumberedBinds() {
        let name = "O'Brien; DROP TABLE contacts"
        let limit = 5
        let missing: Int? = nil
        let query: Query = "SELECT * FROM t WHERE name = \(name) AND n < \(limit) AND m IS \(missing)"
        #expect(query.sql == "SELECT * FROM t WHERE name = $1 AND n < $2 AND m IS $3")
        #expect(query.binds == [
            PostgresBind(type: .unknown, text: name),
            PostgresBind(type: .int8, text: "5"),
            PostgresBind(type: .int8, text: nil),
        ])
    }

    @Test func unsafeSQLIsSplicedOnlyWhenNamed() {
        let table = "contacts"
        let query: Query = "SELECT count(*) FROM \(unsafeSQL: table) WHERE id = \(7)"
        #expect(query.sql == "SELECT count(*) FROM contacts WHERE id = $1")
        #expect(query.binds.count == 1)
    }

    @Test func literalWithoutInterpolationHasNoBinds() {
        let query: Query = "SELECT 1"
        #expect(query.sql == "SELECT 1")
        #expect(query.binds.isEmpty)
    }

    @Test func textArrayEscapesQuotesAndBackslashes() {
        #expect(["a", "b\"c", "d\\e", ""].postgresText == #"{"a","b\"c","d\\e",""}"#)
    }

    @Test func sqlStateMatchesItsClass() {
        let state = SQLState("23505")
        #expect(SQLState.integrityConstraintViolation ~= state)
        #expect(SQLState.uniqueViolation ~= state)
        #expect(!(SQLState.foreignKeyViolation ~= state))
        #expect(!(SQLState.dataException ~= state))
    }
}
