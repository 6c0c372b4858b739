import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

@Suite struct CampaignStoreTests {
    static let file = """
        {"name": "dental-test", "agent_id": "agent_1", "from_number": "+15550100000",
         "timezone": "America/New_York", "default_region": "US",
         "context": {"greeting": "Hi {{first_name}}"}}
        """

    @Test func savesLoadsAndUpdatesByName() throws {
        try TestDatabase.withMigrated { db, _ in
            let campaign = try Campaign.parse(Data(Self.file.utf8), file: "t.json")
            let saved = try CampaignStore.save(campaign, db)
            #expect(saved.state == .active)
            let loaded = try CampaignStore.load(name: "dental-test", db)
            #expect(loaded.id == saved.id)
            #expect(loaded.campaign == campaign)
            var changed = campaign
            changed.maxDuration = 120
            #expect(try CampaignStore.save(changed, db).id == saved.id)
            #expect(try CampaignStore.load(id: saved.id, db).campaign.maxDuration == 120)
        }
    }

    @Test func pauseResumeCancelAndCancelledStaysCancelled() throws {
        try TestDatabase.withMigrated { db, _ in
            try CampaignStore.save(try Campaign.parse(Data(Self.file.utf8), file: "t.json"), db)
            try CampaignStore.setState(.paused, name: "dental-test", db)
            #expect(try CampaignStore.load(name: "dental-test", db).state == .paused)
            try CampaignStore.setState(.active, name: "dental-test", db)
            try CampaignStore.setState(.cancelled, name: "dental-test", db)
            #expect(throws: StoreError.self) { try CampaignStore.setState(.active, name: "dental-test", db) }
            #expect(throws: StoreError.notFound("no campaign named \"nope\"; import or sync it first")) {
                try CampaignStore.load(name: "nope", db)
            }
        }
    }
}
