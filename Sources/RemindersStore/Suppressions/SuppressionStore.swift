import Foundation
public import Postgres
public import Reminders

/// The global opt-out list (table `suppressions`): numbers never called, across campaigns.
///
/// The dispatcher checks it at the moment of each dial; an import marks new or changed
/// contacts with a suppressed number as skipped. Adding a number here does not touch attempts
/// already scheduled: the dial-time check keeps them from being placed.
public enum SuppressionStore {
    /// Adds `number`; returns false when it was already suppressed.
    @discardableResult
    public static func add(_ number: PhoneNumber, reason: String? = nil, _ db: Connection) throws -> Bool {
        try db.execute("""
            INSERT INTO suppressions (phone, reason) VALUES (\(number.e164), \(reason)) ON CONFLICT (phone) DO NOTHING
            """) == 1
    }

    /// Removes `number`; returns false when it was not suppressed.
    @discardableResult
    public static func remove(_ number: PhoneNumber, _ db: Connection) throws -> Bool {
        try db.execute("DELETE FROM suppressions WHERE phone = \(number.e164)") == 1
    }

    /// Whether `number` is suppressed.
    public static func contains(_ number: PhoneNumber, _ db: Connection) throws -> Bool {
        try db.query("SELECT 1 FROM suppressions WHERE phone = \(number.e164)").count == 1
    }

    /// Adds every number of `list` in one statement; returns how many were new.
    @discardableResult
    public static func add(_ list: SuppressionList, reason: String? = nil, _ db: Connection) throws -> Int {
        try db.execute("""
            INSERT INTO suppressions (phone, reason)
            SELECT phone, \(reason) FROM unnest(\(list.numbers.map(\.e164))::text[]) AS phone
            ON CONFLICT (phone) DO NOTHING
            """)
    }

    /// How many numbers are suppressed.
    public static func count(_ db: Connection) throws -> Int {
        try db.query("SELECT count(*) AS n FROM suppressions").first?.decode("n") ?? 0
    }
}
