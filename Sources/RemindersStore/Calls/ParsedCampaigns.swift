import Foundation
import Reminders
import Synchronization

/// Parsed campaign files keyed by their canonical stored text; an edited campaign has new text.
final class ParsedCampaigns: Sendable {
    /// Campaigns kept at most: a worker runs a handful; the bound only guards against churn.
    static let capacity = 64
    private let cache = Mutex<[String: Campaign]>([:])

    func campaign(config: String, name: String) throws -> Campaign {
        if let known = cache.withLock({ $0[config] }) { return known }
        let campaign = try Campaign.parse(Data(config.utf8), file: "campaign \(name) (stored)")
        cache.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll() }
            entries[config] = campaign
        }
        return campaign
    }
}
