import Foundation
import Testing
@testable import Reminders

/// A realistic campaign file for a dental clinic (test data; the shipped example lives in `campaigns/`).
let dentalRemindersJSON = #"""
{
  "name": "dental-reminders",
  "agent_id": "agent_8f3c2a91d4",
  "from_number": "+14155550134",
  "max_duration": 300,
  "recording": false,
  "timezone": "America/Los_Angeles",
  "default_region": "US",
  "locale": "en_US",
  "calling_hours": {
    "start": "09:00",
    "end": "19:30",
    "days": ["mon", "tue", "wed", "thu", "fri", "sat"]
  },
  "remind_before": "24h",
  "retry": { "max_attempts": 3, "delay": "2h", "on": ["no_answer", "busy"] },
  "rate_limit": { "per_minute": 10, "burst": 1 },
  "columns": { "id": "Appt ID", "phone": "Mobile", "timezone": "TZ", "appointment_at": "Start" },
  "context": {
    "patient_first_name": "{{First Name}}",
    "appointment_time": "{{appointment_at | time}}",
    "dentist": "Dr. {{Dentist}}",
    "clinic_name": "Bayview Dental"
  },
  "source": { "csv": "campaigns/dental-reminders.csv" },
  "submit_ahead": false,
  "frequency_cap": { "per_day": 1, "per_week": 3 },
  "status_poll_grace": "90s"
}
"""#

@Suite("Campaign file")
struct CampaignFileTests {
    private static let file = "campaigns/dental.json"

    /// The required keys of a minimal valid file, as raw JSON values.
    private static let base: [(String, String)] = [
        ("name", #""dental""#),
        ("agent_id", #""agent_1""#),
        ("from_number", #""+14155550134""#),
        ("timezone", #""America/Los_Angeles""#),
    ]

    /// A document built from `base`, with keys replaced or added (raw JSON) and keys removed.
    private static func document(_ changes: [String: String] = [:], removing removed: Set<String> = []) -> Data {
        var members = base.filter { !removed.contains($0.0) && changes[$0.0] == nil }.map { "\"\($0.0)\": \($0.1)" }
        members += changes.keys.sorted().map { "\"\($0)\": \(changes[$0] ?? "null")" }
        return Data("{\(members.joined(separator: ", "))}".utf8)
    }

    private static func parse(_ data: Data) throws(CampaignError) -> Campaign {
        try Campaign.parse(data, file: file)
    }

    @Test func parsesTheDentalExample() throws {
        let campaign = try Campaign.parse(Data(dentalRemindersJSON.utf8), file: "campaigns/dental-reminders.json")
        #expect(campaign.name == "dental-reminders")
        #expect(campaign.agentID == "agent_8f3c2a91d4")
        #expect(campaign.fromNumber == "+14155550134")
        #expect(campaign.maxDuration == 300)
        #expect(campaign.recording == false)
        #expect(campaign.timeZone.identifier == "America/Los_Angeles")
        #expect(campaign.defaultRegion == "US")
        #expect(campaign.callingHours.start == LocalTime(hour: 9, minute: 0))
        #expect(campaign.callingHours.end == LocalTime(hour: 19, minute: 30))
        #expect(campaign.callingHours.days == Set(Weekday.allCases).subtracting([.sunday]))
        #expect(campaign.remindBefore == CampaignDuration(seconds: 86_400))
        #expect(campaign.retry == RetryPolicy(maxAttempts: 3, delay: CampaignDuration(seconds: 7_200), retryOn: [.noAnswer, .busy]))
        #expect(campaign.rateLimit == RateLimit(perMinute: 10, burst: 1))
        #expect(campaign.columns == Campaign.ColumnMap(id: "Appt ID", phones: ["Mobile"], timezone: "TZ", appointmentAt: "Start"))
        #expect(campaign.context.count == 4)
        #expect(campaign.context["dentist"] == "Dr. {{Dentist}}")
        #expect(campaign.source == .csv(path: "campaigns/dental-reminders.csv"))
        #expect(campaign.frequencyCap == FrequencyCap(perDay: 1, perWeek: 3))
        #expect(campaign.statusPollGrace == CampaignDuration(seconds: 90))
    }

    @Test func fillsDefaults() throws {
        let campaign = try Self.parse(Self.document())
        #expect(campaign.maxDuration == 600)
        #expect(campaign.recording == false)
        #expect(campaign.defaultRegion == nil)
        #expect(campaign.locale == "en_US")
        #expect(campaign.callingHours == .default)
        #expect(campaign.remindBefore == nil)
        #expect(campaign.retry == .default)
        #expect(campaign.rateLimit == RateLimit(perMinute: 10, burst: 1))
        #expect(campaign.columns == Campaign.ColumnMap(id: "id", phones: ["phone"], timezone: "timezone", appointmentAt: "appointment_at"))
        #expect(campaign.context.isEmpty)
        #expect(campaign.source == nil)
        #expect(campaign.submitAhead == false)
        #expect(campaign.frequencyCap == FrequencyCap(perDay: 1, perWeek: 3))
        #expect(campaign.statusPollGrace == CampaignDuration(seconds: 60))
    }

    @Test func partialObjectsKeepTheirOtherDefaults() throws {
        let campaign = try Self.parse(Self.document([
            "calling_hours": #"{"start": "10:00"}"#,
            "retry": #"{"on": []}"#,
            "columns": #"{"phone": "Mobile"}"#,
        ]))
        #expect(campaign.callingHours.start == LocalTime(hour: 10, minute: 0))
        #expect(campaign.callingHours.end == LocalTime(hour: 20, minute: 0))
        #expect(campaign.callingHours.days == Set(Weekday.allCases))
        #expect(campaign.retry.retryOn.isEmpty)
        #expect(campaign.retry.maxAttempts == 3)
        #expect(campaign.columns.phones == ["Mobile"])
        #expect(campaign.columns.id == "id")
    }

    @Test func overrideAllowsHoursOutsideTheLegalWindow() throws {
        let campaign = try Self.parse(Self.document([
            "calling_hours": #"{"start": "07:00", "end": "22:00", "override_legal_hours": true}"#,
        ]))
        #expect(campaign.callingHours.overrideLegalHours)
        #expect(!campaign.callingHours.isWithinLegalHours)
    }

    @Test func postgresSource() throws {
        let campaign = try Self.parse(Self.document(["source": #"{"postgres": {"query": "SELECT * FROM appointments"}}"#]))
        #expect(campaign.source == .postgres(query: "SELECT * FROM appointments"))
    }

    @Test(arguments: [
        // Keys
        (["retries": "3"], "retries: unknown key"),
        (["retry": #"{"tries": 3}"#], "retry.tries: unknown key"),
        (["columns": #"{"email": "Email"}"#], "columns.email: unknown key"),
        (["source": #"{"ftp": "x"}"#], "source.ftp: unknown key"),
        // Types: a boolean is not an integer, an integer is not a boolean, 600.0 is not an integer.
        (["max_duration": "true"], "max_duration: must be an integer, not a boolean"),
        (["max_duration": "600.0"], "max_duration: must be an integer, not a number with a fraction"),
        (["max_duration": #""600""#], "max_duration: must be an integer, not a string"),
        (["recording": "1"], "recording: must be true or false, not an integer"),
        (["submit_ahead": #""yes""#], "submit_ahead: must be true or false, not a string"),
        (["rate_limit": #"{"per_minute": "10"}"#], "rate_limit.per_minute: must be an integer, not a string"),
        (["default_region": "null"], "default_region: must be a string, not null"),
        (["context": #""Hi""#], "context: must be an object, not a string"),
        (["context": #"{"greeting": 5}"#], "context.greeting: must be a string, not an integer"),
        (["context": #"{"greeting": ""}"#], "context.greeting: must not be empty"),
        (["calling_hours": #"{"days": "mon"}"#], "calling_hours.days: must be an array, not a string"),
        (["calling_hours": #"{"days": ["mon", 1]}"#], "calling_hours.days[1]: must be a string, not an integer"),
        (["retry": "3"], "retry: must be an object, not an integer"),
        // Values
        (["name": #""Dental Clinic""#], #"name: "Dental Clinic" is not a valid name (lowercase letters, digits, ".", "_", "-"; starting with a letter or digit; at most 64 characters)"#),
        (["name": #""-dental""#], #"name: "-dental" is not a valid name (lowercase letters, digits, ".", "_", "-"; starting with a letter or digit; at most 64 characters)"#),
        (["agent_id": #""agent 1""#], "agent_id: must be an identifier without spaces, at most 256 characters"),
        (["from_number": #""4155550134""#], #"from_number: is not an E.164 number ("+" then 8 to 15 digits, the first not 0)"#),
        (["from_number": #""+04155550134""#], #"from_number: is not an E.164 number ("+" then 8 to 15 digits, the first not 0)"#),
        (["from_number": #""+1415555""#], #"from_number: is not an E.164 number ("+" then 8 to 15 digits, the first not 0)"#),
        (["from_number": #""+1415555013412345""#], #"from_number: is not an E.164 number ("+" then 8 to 15 digits, the first not 0)"#),
        (["from_number": #""+1 415 555 0134""#], #"from_number: is not an E.164 number ("+" then 8 to 15 digits, the first not 0)"#),
        (["max_duration": "0"], "max_duration: 0 is outside 1...3600"),
        (["max_duration": "3601"], "max_duration: 3601 is outside 1...3600"),
        (["csv": #"{"delimiter": "|"}"#], #"csv.delimiter: must be ",", ";" or "\t" (a tab)"#),
        (["csv": #"{"encoding": "latin-1"}"#], #"csv.encoding: must be one of "utf-8", "windows-1252", "utf-16""#),
        (["timezone": #""EST""#], #"timezone: "EST" is an abbreviation, not a time zone: it does not say which (did you mean America/New_York?)"#),
        (["timezone": #""Mars/Olympus""#],
         #"timezone: unknown time zone "Mars/Olympus" (use an IANA name such as Europe/London, or a Windows name such as Eastern Standard Time)"#),
        (["default_region": #""us""#], #"default_region: "us" is not an ISO 3166 alpha-2 region (two capital letters, such as "US")"#),
        (["locale": #""english""#], #"locale: "english" is not a locale (such as "en_US")"#),
        (["calling_hours": #"{"start": "07:00"}"#], #"calling_hours.start: 07:00 is before 08:00; earlier calls need "override_legal_hours": true"#),
        (["calling_hours": #"{"end": "21:30"}"#], #"calling_hours.end: 21:30 is after 21:00; later calls need "override_legal_hours": true"#),
        (["calling_hours": #"{"start": "10:00", "end": "09:00"}"#], "calling_hours.end: 09:00 is not after start 10:00"),
        (["calling_hours": #"{"start": "10:00", "end": "10:00"}"#], "calling_hours.end: 10:00 is not after start 10:00"),
        (["calling_hours": #"{"start": "9:00"}"#], #"calling_hours.start: "9:00" is not a time of day (HH:MM, 00:00 to 24:00)"#),
        (["calling_hours": #"{"end": "24:30"}"#], #"calling_hours.end: "24:30" is not a time of day (HH:MM, 00:00 to 24:00)"#),
        (["calling_hours": #"{"start": "24:00", "end": "24:00", "override_legal_hours": true}"#],
         "calling_hours.start: 24:00 ends a day; a window starts at 23:59 at the latest"),
        (["calling_hours": #"{"override_legal_hours": "yes"}"#], "calling_hours.override_legal_hours: must be true or false, not a string"),
        (["calling_hours": #"{"days": ["mon", "tue", "funday"]}"#], #"calling_hours.days[2]: "funday" is not a day (mon, tue, wed, thu, fri, sat, sun)"#),
        (["calling_hours": #"{"days": ["mon", "mon"]}"#], #"calling_hours.days[1]: "mon" is listed twice"#),
        (["calling_hours": #"{"days": []}"#], "calling_hours.days: must name at least one day"),
        (["remind_before": #""1 day""#], #"remind_before: "1 day" is not a duration"#),
        (["remind_before": #""0s""#], "remind_before: 0s is outside 1m...30d"),
        (["retry": #"{"delay": "5x"}"#], #"retry.delay: "5x" is not a duration"#),
        (["retry": #"{"delay": "5s"}"#], "retry.delay: 5s is outside 10s...7d"),
        (["retry": #"{"max_attempts": 11}"#], "retry.max_attempts: 11 is outside 1...10"),
        (["retry": #"{"on": ["completed"]}"#], #"retry.on[0]: "completed" is not a retryable outcome (no_answer, busy, failed, voicemail)"#),
        (["retry": #"{"on": ["busy", "busy"]}"#], #"retry.on[1]: "busy" is listed twice"#),
        (["rate_limit": #"{"per_minute": 0}"#], "rate_limit.per_minute: 0 is outside 1...600"),
        (["rate_limit": #"{"burst": 0}"#], "rate_limit.burst: 0 is outside 1...600"),
        (["columns": #"{"phone": ""}"#], "columns.phone: must not be empty"),
        (["source": "{}"], #"source: must hold exactly one of "csv" or "postgres""#),
        (["source": #"{"csv": "a.csv", "postgres": {"query": "SELECT 1"}}"#], #"source: must hold exactly one of "csv" or "postgres""#),
        (["source": #"{"postgres": {}}"#], "source.postgres.query: is required"),
        (["source": #"{"postgres": {"query": " "}}"#], "source.postgres.query: must not be empty"),
        (["frequency_cap": #"{"per_day": 0}"#], "frequency_cap.per_day: 0 is outside 1...10"),
        (["status_poll_grace": #""2h""#], "status_poll_grace: 2h is outside 0s...1h"),
    ])
    func rejectsWithOneErrorNamingFileAndKeyPath(changes: [String: String], expected: String) {
        #expect(throws: CampaignError.self) { try Self.parse(Self.document(changes)) }
        do {
            _ = try Self.parse(Self.document(changes))
        } catch {
            #expect(error.description == "\(Self.file): \(expected)")
        }
    }

    @Test(arguments: ["name", "agent_id", "from_number", "timezone"])
    func requiredKeys(key: String) {
        #expect(throws: CampaignError(file: Self.file, keyPath: key, message: "is required")) {
            try Self.parse(Self.document(removing: [key]))
        }
    }

    @Test(arguments: [
        ("{", "is not valid JSON: the document ends too early (line 1, column 2)"), ("[1]", "must be an object, not an array"),
        ("", "is not valid JSON: the document ends too early (line 1, column 1)"), ("42", "must be an object, not an integer"),
        ("{\n  \"name\": \"a\"\n  \"agent_id\": \"b\"\n}", "is not valid JSON: a comma or the closing bracket was expected (line 3, column 3)"),
        ("{\"max_duration\": 0600}", "is not valid JSON: a number is not written as JSON has it (line 1, column 18)"),
    ])
    func rejectsDocumentsThatAreNotObjects(text: String, message: String) {
        #expect(throws: CampaignError(file: Self.file, keyPath: "", message: message)) {
            try Self.parse(Data(text.utf8))
        }
    }

    /// Many JSON parsers keep the last of two equal keys and allow trailing commas; a campaign
    /// file must not hide a setting that way.
    @Test(arguments: [
        (#"{"name": "a", "recording": false, "recording": true}"#, "recording", "appears twice (line 1, column 35)"),
        (#"{"name": "a", "na\u006de": "b"}"#, "name", "appears twice (line 1, column 15)"),
        (#"{"retry": {"delay": "1h", "delay": "2h"}}"#, "retry.delay", "appears twice (line 1, column 27)"),
        (#"{"context": {"a": "x", "b": "y", "a": "z"}}"#, "context.a", "appears twice (line 1, column 34)"),
        (#"{"name": "a",}"#, "", "has a trailing comma, which is not valid JSON (line 1, column 14)"),
        ("{\"calling_hours\": {\"days\": [\"mon\",\n \"tue\",]}}", "calling_hours.days",
         "has a trailing comma, which is not valid JSON (line 2, column 8)"),
    ])
    func rejectsWhatTheFoundationParserWouldHide(text: String, keyPath: String, message: String) {
        #expect(throws: CampaignError(file: Self.file, keyPath: keyPath, message: message)) {
            try Self.parse(Data(text.utf8))
        }
    }

    @Test func equalKeysInDifferentObjectsAreFine() throws {
        let campaign = try Self.parse(Self.document([
            "columns": #"{"timezone": "TZ"}"#, "context": #"{"timezone": "{{TZ}}", "name": "x,y]}"}"#,
        ]))
        #expect(campaign.columns.timezone == "TZ")
        #expect(campaign.context["name"] == "x,y]}")
    }

    @Test func theCallersNumberIsNeverEchoed() {
        do {
            _ = try Self.parse(Self.document(["from_number": #""+1415555013412345""#]))
            Issue.record("accepted a 16-digit number")
        } catch {
            #expect(!error.description.contains("5550134"))
        }
    }

    @Test func aTypoIsReportedAsUnknownBeforeAMissingKey() {
        let data = Self.document(["agnet_id": #""agent_1""#], removing: ["agent_id"])
        #expect(throws: CampaignError(file: Self.file, keyPath: "agnet_id", message: "unknown key")) { try Self.parse(data) }
    }

    @Test func loadReadsAFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-\(UUID().uuidString).json")
        try Data(dentalRemindersJSON.utf8).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(try Campaign.load(path: url.path).name == "dental-reminders")
    }

    @Test func loadNamesAMissingFile() {
        let path = "/nonexistent/\(UUID().uuidString).json"
        #expect(throws: CampaignError(file: path, keyPath: "", message: "cannot be read")) { try Campaign.load(path: path) }
    }

    @Test func loadRefusesAHugeFile() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("campaign-\(UUID().uuidString).json")
        try Data(repeating: 0x20, count: Campaign.maximumFileSize + 1).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        #expect(throws: CampaignError(file: url.path, keyPath: "", message: "is larger than \(Campaign.maximumFileSize) bytes")) {
            try Campaign.load(path: url.path)
        }
    }
}
