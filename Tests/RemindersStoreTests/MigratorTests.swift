import Foundation
import Postgres
import Synchronization
import RemindersStore
import TestSupport
import Testing

@Suite struct MigratorTests {
    static let projectMigrations = TestDatabase.projectMigrations

    /// A copy of the project's migrations in a temporary folder the test may edit.
    func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("migrations-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: Self.projectMigrations, to: folder)
        return folder
    }

    @Test func freshDatabaseGetsTheSchemaAndASecondRunDoesNothing() throws {
        try TestDatabase.withFresh { url in
            let db = try Connection(url: url)
            let migrator = Migrator(directory: Self.projectMigrations)
            let applied = try migrator.migrate(db)
            #expect(applied.map(\.version) == (try migrator.files()).map(\.version))
            #expect(applied.first?.version == 1)
            let tables = try db.query("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name
                """).map { try $0.decode("table_name", as: String.self) }
            for table in ["campaigns", "contacts", "call_attempts", "call_events", "rate_buckets", "suppressions", "runs", "schema_migrations"] {
                #expect(tables.contains(table), "missing table \(table)")
            }
            #expect(try migrator.migrate(db).isEmpty)
            #expect(try migrator.status(db).allSatisfy { $0.appliedAt != nil })
        }
    }

    @Test func twoConcurrentMigratorsApplyEachFileOnce() throws {
        try TestDatabase.withFresh { url in
            let migrator = Migrator(directory: Self.projectMigrations)
            let results = Results()
            let group = DispatchGroup()
            for _ in 0..<2 {
                DispatchQueue.global().async(group: group) {
                    do {
                        let db = try Connection(url: url)
                        results.add(.success(try migrator.migrate(db).count))
                    } catch {
                        results.add(.failure(error))
                    }
                }
            }
            #expect(group.wait(timeout: .now() + 60) == .success)
            let counts = try results.all.map { try $0.get() }.sorted()
            #expect(counts == [0, try migrator.files().count])
            let db = try Connection(url: url)
            #expect(try db.query("SELECT count(*) AS n FROM schema_migrations").first?.decode("n", as: Int.self)
                == (try migrator.files().count))
        }
    }

    @Test func editedAppliedFileIsRefused() throws {
        try TestDatabase.withFresh { url in
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let db = try Connection(url: url)
            let migrator = Migrator(directory: folder)
            try migrator.migrate(db)
            let first = try #require(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().first)
            let path = folder.appendingPathComponent(first)
            try (String(contentsOf: path, encoding: .utf8) + "\n-- edited\n").write(to: path, atomically: true, encoding: .utf8)
            let error = try #require(throws: MigrationError.self) { try migrator.migrate(db) }
            #expect(error == .editedAfterApply(version: 1, name: "initial"))
            #expect(error.description.contains("edited after it was applied"))
        }
    }

    @Test func missingAppliedFileIsRefusedAndAPendingOneIsApplied() throws {
        try TestDatabase.withFresh { url in
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let db = try Connection(url: url)
            let migrator = Migrator(directory: folder)
            try migrator.migrate(db)
            try "CREATE TABLE extra (n int);".write(to: folder.appendingPathComponent("9000_extra.sql"), atomically: true, encoding: .utf8)
            #expect(try migrator.status(db).last == Migrator.Status(version: 9000, name: "extra", appliedAt: nil))
            #expect(try migrator.migrate(db).map(\.version) == [9000])
            try FileManager.default.removeItem(at: folder.appendingPathComponent("9000_extra.sql"))
            #expect(throws: MigrationError.missingFile(version: 9000, name: "extra")) { try migrator.migrate(db) }
        }
    }

    @Test func failingMigrationLeavesNothingBehind() throws {
        try TestDatabase.withFresh { url in
            let folder = try scratchFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try "CREATE TABLE half (n int); SELECT no_such_function();".write(
                to: folder.appendingPathComponent("9001_broken.sql"), atomically: true, encoding: .utf8)
            let db = try Connection(url: url)
            #expect(throws: PostgresError.self) { try Migrator(directory: folder).migrate(db) }
            #expect(try db.query("SELECT to_regclass('half') IS NULL AS gone").first?.decode("gone", as: Bool.self) == true)
            let shipped = try Migrator(directory: URL(fileURLWithPath: "migrations")).status(db).map(\.version).max()
            #expect(try db.query("SELECT max(version) AS v FROM schema_migrations").first?.decode("v", as: Int.self) == shipped)
        }
    }

    @Test func badFileNamesAreRefused() throws {
        let folder = try scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "".write(to: folder.appendingPathComponent("latest.sql"), atomically: true, encoding: .utf8)
        #expect(throws: MigrationError.badFileName("latest.sql")) { try Migrator(directory: folder).files() }
    }
}

/// Results gathered from several threads.
final class Results: Sendable {
    private let items = Mutex<[Result<Int, any Error>]>([])
    func add(_ item: Result<Int, any Error>) { items.withLock { $0.append(item) } }
    var all: [Result<Int, any Error>] { items.withLock { $0 } }
}
