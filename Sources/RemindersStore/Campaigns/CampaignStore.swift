import Foundation
public import Postgres
public import Reminders

/// A campaign's lifecycle state in the database: honoured at the moment of each dial.
public enum CampaignState: String, Sendable, CaseIterable {
    case active, paused, cancelled
}

/// A campaign as stored: its row id, validated configuration and state.
public struct StoredCampaign: Sendable {
    public let id: Int64
    public let campaign: Campaign
    public let state: CampaignState
}

/// Saves and loads campaigns, so any worker can run a campaign that is already in the database.
public enum CampaignStore {
    /// Inserts the campaign, or updates the stored configuration of the campaign with its name.
    @discardableResult
    public static func save(_ campaign: Campaign, _ db: Connection) throws -> StoredCampaign {
        let config = String(decoding: campaign.canonicalJSON(), as: UTF8.self)
        let row = try db.query("""
            INSERT INTO campaigns (name, config) VALUES (\(campaign.name), \(config)::jsonb)
            ON CONFLICT (name) DO UPDATE SET config = EXCLUDED.config,
                updated_at = CASE WHEN campaigns.config = EXCLUDED.config THEN campaigns.updated_at ELSE now() END
            RETURNING id, state
            """).first
        guard let row else { throw StoreError.notFound("campaign \(campaign.name)") }
        return StoredCampaign(id: try row.decode("id"), campaign: campaign, state: try state(row))
    }

    /// The campaign named `name`.
    public static func load(name: String, _ db: Connection) throws -> StoredCampaign {
        guard let row = try db.query("SELECT id, name, config::text AS config, state FROM campaigns WHERE name = \(name)").first
        else { throw StoreError.notFound("no campaign named \"\(name)\"; import or sync it first") }
        return try decode(row)
    }

    /// The campaign with row id `id`.
    public static func load(id: Int64, _ db: Connection) throws -> StoredCampaign {
        guard let row = try db.query("SELECT id, name, config::text AS config, state FROM campaigns WHERE id = \(id)").first
        else { throw StoreError.notFound("no campaign with id \(id)") }
        return try decode(row)
    }

    /// Every campaign, by name.
    public static func all(_ db: Connection) throws -> [StoredCampaign] {
        try db.query("SELECT id, name, config::text AS config, state FROM campaigns ORDER BY name").map(decode)
    }

    /// Pauses, resumes or cancels a campaign; a cancelled campaign stays cancelled.
    public static func setState(_ state: CampaignState, name: String, _ db: Connection) throws {
        let updated = try db.execute("""
            UPDATE campaigns SET state = \(state.rawValue), updated_at = now()
            WHERE name = \(name) AND (state <> 'cancelled' OR \(state.rawValue) = 'cancelled')
            """)
        if updated == 0 {
            let current = try load(name: name, db)
            throw StoreError.conflict("campaign \"\(name)\" is \(current.state.rawValue) and cannot become \(state.rawValue)")
        }
    }

    private static func decode(_ row: Row) throws -> StoredCampaign {
        let name = try row.decode("name", as: String.self)
        let config = try row.decode("config", as: String.self)
        let campaign = try Campaign.parse(Data(config.utf8), file: "campaign \(name) (stored)")
        return StoredCampaign(id: try row.decode("id"), campaign: campaign, state: try state(row))
    }

    private static func state(_ row: Row) throws -> CampaignState {
        let raw = try row.decode("state", as: String.self)
        guard let state = CampaignState(rawValue: raw) else { throw StoreError.corrupt("campaign state \(raw)") }
        return state
    }
}

/// A store operation that cannot be done as asked.
public enum StoreError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case corrupt(String)

    public var description: String {
        switch self {
        case .notFound(let what): what
        case .conflict(let why): why
        case .corrupt(let what): "unexpected value in the database: \(what)"
        }
    }
}
