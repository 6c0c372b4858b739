import Foundation
import Testing
@testable import Reminders

/// Zone names as practice systems export them (issue 17): every IANA name, links included, and
/// Windows names, each kept under its canonical IANA name; abbreviations refused with a suggestion.
@Suite struct TimeZoneNameTests {
    static func instant(_ seconds: TimeInterval) -> Date { Date(timeIntervalSince1970: seconds) }
    /// 2026-01-15T12:00:00Z and 2026-07-15T12:00:00Z: a winter and a summer instant.
    static let january = instant(1_768_478_400)
    static let july = instant(1_784_116_800)

    @Test(arguments: [
        ("US/Eastern", "America/New_York", -5, -4),
        ("Asia/Calcutta", "Asia/Kolkata", 5, 5),
        ("America/Buenos_Aires", "America/Argentina/Buenos_Aires", -3, -3),
        ("Etc/GMT-6", "Etc/GMT-6", 6, 6),
        ("Etc/GMT+5", "Etc/GMT+5", -5, -5),
        ("Eastern Standard Time", "America/New_York", -5, -4),
        ("eastern standard time", "America/New_York", -5, -4),
        ("India Standard Time", "Asia/Kolkata", 5, 5),
        ("W. Europe Standard Time", "Europe/Berlin", 1, 2),
        ("AUS Eastern Standard Time", "Australia/Sydney", 11, 10),
        ("UTC", "UTC", 0, 0),
        ("Etc/UTC", "UTC", 0, 0),
        ("Europe/London", "Europe/London", 0, 1),
    ])
    func readsTheNameAndKeepsTheCanonicalOne(name: String, canonical: String, winterHours: Int, summerHours: Int) throws {
        let resolved = try TimeZoneName.resolve(name)
        #expect(resolved.identifier == canonical)
        // Offsets in whole hours, except India's half hour.
        #expect(resolved.zone.secondsFromGMT(for: Self.january) / 3600 == winterHours)
        #expect(resolved.zone.secondsFromGMT(for: Self.july) / 3600 == summerHours)
    }

    @Test func theDatabaseKnowsItsLinks() {
        let database = IANAZoneDatabase.system
        #expect(database.knows("US/Eastern"))
        #expect(database.canonical("US/Eastern") == "America/New_York")
        #expect(!database.knows("Mars/Olympus"))
    }

    @Test func aDatabaseWithoutItsIndexFollowsTheInstalledLinks() throws {
        // A zoneinfo folder with no tzdata.zi: names are the installed files, links the symlinks.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("zoneinfo-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("America"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("US"), withIntermediateDirectories: true)
        try Data("TZif".utf8).write(to: folder.appendingPathComponent("America/New_York"))
        try FileManager.default.createSymbolicLink(
            atPath: folder.appendingPathComponent("US/Eastern").path, withDestinationPath: "../America/New_York")
        let database = IANAZoneDatabase(directory: folder.path)
        #expect(database.knows("US/Eastern"))
        #expect(database.canonical("US/Eastern") == "America/New_York")
        #expect(database.canonical("America/New_York") == "America/New_York")
        #expect(!database.knows("../etc/passwd"))
    }

    @Test func theWindowsTableMapsOnlyToZonesThisMachineKnows() {
        for (windows, iana) in WindowsTimeZones.ianaZoneByWindowsName {
            #expect(TimeZoneName.zone(ianaIdentifier: iana) != nil, "\(windows) → \(iana)")
        }
    }
}
