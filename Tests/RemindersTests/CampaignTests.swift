import Foundation
import Testing
@testable import Reminders

@Suite("Campaign")
struct CampaignTests {
    private func dental() throws -> Campaign {
        try Campaign.parse(Data(dentalRemindersJSON.utf8), file: "campaigns/dental-reminders.json")
    }

    @Test func canonicalJSONParsesBackToAnEqualCampaign() throws {
        let campaign = try dental()
        let canonical = campaign.canonicalJSON()
        let reparsed = try Campaign.parse(canonical, file: "stored")
        #expect(reparsed == campaign)
        #expect(reparsed.canonicalJSON() == canonical)
    }

    @Test func canonicalJSONWritesEveryDefaultWithSortedKeys() throws {
        let minimal = #"{"name":"demo","agent_id":"agent_1","from_number":"+14155550134","timezone":"Europe/Berlin"}"#
        let campaign = try Campaign.parse(Data(minimal.utf8), file: "campaigns/demo.json")
        let expected = #"{"agent_id":"agent_1","calling_hours":{"days":["mon","tue","wed","thu","fri","sat","sun"],"# +
            #""end":"20:00","override_legal_hours":false,"start":"09:00"},"columns":{"appointment_at":"appointment_at","# +
            #""id":"id","phone":"phone","timezone":"timezone"},"context":{},"frequency_cap":{"per_day":1,"per_week":3},"# +
            #""from_number":"+14155550134","locale":"en_US","max_duration":600,"name":"demo","# +
            #""rate_limit":{"burst":1,"per_minute":10},"recording":false,"# +
            #""retry":{"delay":"2h","max_attempts":3,"on":["no_answer","busy"]},"status_poll_grace":"1m","# +
            #""submit_ahead":false,"timezone":"Europe/Berlin"}"#
        #expect(String(decoding: campaign.canonicalJSON(), as: UTF8.self) == expected)
    }

    @Test func canonicalJSONIsTheSameForEquivalentFiles() throws {
        let spelledOut = #"""
            {"timezone": "Europe/Berlin", "name": "demo", "agent_id": "agent_1", "from_number": "+14155550134",
             "retry": {"on": ["busy", "no_answer"], "delay": "120m"}, "calling_hours": {"days": ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]}}
            """#
        let minimal = #"{"name":"demo","agent_id":"agent_1","from_number":"+14155550134","timezone":"Europe/Berlin"}"#
        let a = try Campaign.parse(Data(spelledOut.utf8), file: "a")
        let b = try Campaign.parse(Data(minimal.utf8), file: "b")
        #expect(a == b)
        #expect(a.canonicalJSON() == b.canonicalJSON())
    }

    @Test func optionalKeysRoundTrip() throws {
        var campaign = try dental()
        campaign.source = .postgres(query: "SELECT id, phone FROM appointments WHERE day = current_date + 1")
        campaign.remindBefore = nil
        campaign.defaultRegion = nil
        campaign.callingHours = CallingHours(
            start: try #require(LocalTime(hour: 7, minute: 30)), end: try #require(LocalTime(hour: 21, minute: 30)),
            days: [.saturday], overrideLegalHours: true)
        #expect(try Campaign.parse(campaign.canonicalJSON(), file: "stored") == campaign)
    }

    @Test(arguments: [
        ("America/Los_Angeles", true), ("Europe/Berlin", true), ("Asia/Kolkata", true), ("Australia/Sydney", true),
        ("America/Argentina/Buenos_Aires", true), ("UTC", true), ("Etc/UTC", true), ("EST", false), ("PST", false),
        ("CET", false), ("EST5EDT", false), ("Etc/GMT+5", true), ("US/Pacific", true), ("Mars/Olympus", false),
        ("Europe/Atlantis", false), ("europe/berlin", false), ("Europe/../UTC", false), ("", false),
        ("Eastern Standard Time", true), ("Etc/GMT-6", true),
    ])
    func acceptsZoneNamesOfTheDatabaseAndWindows(identifier: String, accepted: Bool) {
        #expect((Campaign.ianaTimeZone(identifier) != nil) == accepted)
    }

    @Test(arguments: [(#"";""#, "windows-1252"), (#""\t""#, "utf-16"), (#""tab""#, "UTF-8")])
    func theCSVFormatIsReadAndKept(delimiter: String, encoding: String) throws {
        let file = #"{"name":"x","agent_id":"a","from_number":"+14155550134","timezone":"Europe/Berlin","csv":{"delimiter":"#
            + delimiter + #","encoding":""# + encoding + #""}}"#
        let campaign = try Campaign.parse(Data(file.utf8), file: "t.json")
        #expect(CSVFormat.delimiters.contains(campaign.csv.delimiter))
        #expect(campaign.csv.encoding.rawValue == encoding.lowercased())
        #expect(try Campaign.parse(campaign.canonicalJSON(), file: "stored") == campaign)
        let plain = try Campaign.parse(Data(#"{"name":"x","agent_id":"a","from_number":"+14155550134","timezone":"UTC"}"#.utf8), file: "t")
        #expect(plain.csv == .standard)
        #expect(!String(decoding: plain.canonicalJSON(), as: UTF8.self).contains("csv"))
    }

    @Test func statusPollWaitsForTheLongestCallPlusGrace() throws {
        #expect(try dental().statusPollDelay == 300 + 90)
    }

    @Test func initDefaultsMatchTheFileDefaults() throws {
        let minimal = #"{"name":"demo","agent_id":"agent_1","from_number":"+14155550134","timezone":"Europe/Berlin"}"#
        let parsed = try Campaign.parse(Data(minimal.utf8), file: "demo")
        let built = Campaign(name: "demo", agentID: "agent_1", fromNumber: "+14155550134", timeZone: try #require(TimeZone(identifier: "Europe/Berlin")))
        #expect(parsed == built)
    }
}
