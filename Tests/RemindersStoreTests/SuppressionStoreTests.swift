import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

@Suite struct SuppressionStoreTests {
    @Test func addRemoveAndContains() throws {
        try TestDatabase.withMigrated { db, _ in
            let number = try #require(PhoneNumber(e164: "+12125550101"))
            #expect(try SuppressionStore.add(number, reason: "asked on the phone", db))
            #expect(try !SuppressionStore.add(number, db))
            #expect(try SuppressionStore.contains(number, db))
            #expect(try SuppressionStore.remove(number, db))
            #expect(try !SuppressionStore.remove(number, db))
            #expect(try !SuppressionStore.contains(number, db))
        }
    }

    @Test func importAddsOnlyNewNumbersInOneGo() throws {
        try TestDatabase.withMigrated { db, _ in
            try SuppressionStore.add(try #require(PhoneNumber(e164: "+12125550101")), db)
            let list = try SuppressionList.parse("+12125550101\n+12125550102\n+442079460958\n", defaultRegion: "US").get()
            #expect(try SuppressionStore.add(list, db) == 2)
            #expect(try SuppressionStore.add(list, db) == 0)
            #expect(try SuppressionStore.count(db) == 3)
        }
    }
}
