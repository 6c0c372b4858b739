public import Postgres
public import RemindersStore
public import VoiceAPI
import Reminders

/// `reminders preview --browser`: a WebRTC session (`POST /voice/start`) with the campaign's
/// agent and the contact's rendered context, so staff can hear the reminder before the batch.
public enum BrowserPreview {
    /// Opens the session, after waiting for a slot in the account's `start` bucket (30 a minute).
    public static func start(
        _ preview: ContactPreview, client: VoiceClient, db: Connection, clock: DispatchClock = .system
    ) throws -> WebSession {
        let slots = OperatorSlots(limiter: RateLimiter(account: client.accountID), db: db, clock: clock)
        try slots.take(.start, limit: RateLimiter.startLimit)
        do {
            return try client.startWebSession(agentID: preview.campaign.campaign.agentID, context: preview.context)
        } catch .rateLimited(let retryAfter) {
            try slots.refused(.start, limit: RateLimiter.startLimit, retryAfter: retryAfter)
            throw OperatorError.provider("POST /voice/start", .rateLimited(retryAfter: retryAfter))
        } catch {
            throw OperatorError.provider("POST /voice/start", error)
        }
    }
}
