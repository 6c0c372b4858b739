public import Foundation
public import Postgres

/// Applies `migrations/NNNN_name.sql` files in order, each once and in its own transaction.
///
/// Every applied file is recorded with its SHA-256; an applied file that was edited or removed
/// stops the migrator with a clear error rather than leaving the schema in an unknown state. An
/// advisory lock makes two migrators running at once safe: the second waits, then finds nothing to do.
public struct Migrator: Sendable {
    /// The folder holding the numbered `.sql` files.
    public let directory: URL

    /// Arbitrary but fixed key of the advisory lock all migrators take ("RMDR" in ASCII).
    static let advisoryLockKey: Int64 = 0x524D_4452

    public init(directory: URL) {
        self.directory = directory
    }

    /// One migration file on disk.
    public struct File: Sendable, Equatable {
        public let version: Int
        public let name: String
        public let sql: String
    }

    /// Where one migration stands.
    public struct Status: Sendable, Equatable {
        public let version: Int
        public let name: String
        /// When it was applied, or nil when pending.
        public let appliedAt: Date?

        public init(version: Int, name: String, appliedAt: Date?) {
            self.version = version
            self.name = name
            self.appliedAt = appliedAt
        }
    }

    /// The numbered files in the folder, in order. Fails on a malformed name or a repeated number.
    public func files() throws(MigrationError) -> [File] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .unreadableDirectory(directory.path)
        }
        var files: [File] = []
        for fileName in names.sorted() where fileName.hasSuffix(".sql") {
            let stem = fileName.dropLast(4)
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]),
                  version > 0, stem[..<underscore].allSatisfy(\.isASCII)
            else { throw .badFileName(fileName) }
            if files.contains(where: { $0.version == version }) { throw .duplicateVersion(version) }
            guard let sql = try? String(contentsOf: directory.appendingPathComponent(fileName), encoding: .utf8) else {
                throw .unreadableFile(fileName)
            }
            files.append(File(version: version, name: String(stem[stem.index(after: underscore)...]), sql: sql))
        }
        return files.sorted { $0.version < $1.version }
    }

    /// Applies every pending migration and returns those it applied (empty: nothing to do).
    @discardableResult
    public func migrate(_ db: Connection) throws -> [File] {
        try withLock(db) {
            let files = try files()
            let applied = try checkApplied(db, files: files)
            var done: [File] = []
            for file in files where applied[file.version] == nil {
                try db.transaction { tx in
                    try tx.executeScript(unsafeSQL: file.sql)
                    try tx.execute("""
                        INSERT INTO schema_migrations (version, name, checksum)
                        VALUES (\(file.version), \(file.name), encode(sha256(convert_to(\(file.sql), 'UTF8')), 'hex'))
                        """)
                }
                done.append(file)
            }
            return done
        }
    }

    /// Every file with when it was applied, after the same checks `migrate` makes.
    public func status(_ db: Connection) throws -> [Status] {
        try withLock(db) {
            let files = try files()
            let applied = try checkApplied(db, files: files)
            return files.map { Status(version: $0.version, name: $0.name, appliedAt: applied[$0.version]) }
        }
    }

    /// Reads the record of applied migrations; refuses if an applied file changed or is gone.
    private func checkApplied(_ db: Connection, files: [File]) throws -> [Int: Date] {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    integer PRIMARY KEY,
                name       text NOT NULL,
                checksum   text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """)
        let rows = try db.query("SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version")
        var applied: [Int: Date] = [:]
        for row in rows {
            let version = try row.decode("version", as: Int.self)
            let name = try row.decode("name", as: String.self)
            guard let file = files.first(where: { $0.version == version }) else {
                throw MigrationError.missingFile(version: version, name: name)
            }
            let checksum = try db.query("SELECT encode(sha256(convert_to(\(file.sql), 'UTF8')), 'hex') AS sum")
                .first?.decode("sum", as: String.self)
            guard checksum == (try row.decode("checksum", as: String.self)) else {
                throw MigrationError.editedAfterApply(version: version, name: name)
            }
            applied[version] = try row.decode("applied_at", as: Date.self)
        }
        return applied
    }

    private func withLock<Result>(_ db: Connection, _ body: () throws -> Result) throws -> Result {
        try db.execute("SELECT pg_advisory_lock(\(Self.advisoryLockKey))")
        defer { _ = try? db.execute("SELECT pg_advisory_unlock(\(Self.advisoryLockKey))") }
        return try body()
    }
}

/// Why migrations cannot run.
public enum MigrationError: Error, Equatable, CustomStringConvertible {
    case unreadableDirectory(String)
    case unreadableFile(String)
    case badFileName(String)
    case duplicateVersion(Int)
    case missingFile(version: Int, name: String)
    case editedAfterApply(version: Int, name: String)

    public var description: String {
        switch self {
        case .unreadableDirectory(let path): "cannot read the migrations folder \(path)"
        case .unreadableFile(let name): "cannot read migrations/\(name) as UTF-8"
        case .badFileName(let name): "migrations/\(name): name must be NNNN_description.sql"
        case .duplicateVersion(let version): "two migration files are numbered \(version)"
        case .missingFile(let version, let name):
            "migration \(version) (\(name)) was applied but its file is missing; restore it"
        case .editedAfterApply(let version, let name):
            "migration \(version) (\(name)) was edited after it was applied; restore it and add a new migration instead"
        }
    }
}
