public import Postgres
public import Reminders
public import RemindersStore
public import VoiceAPI

/// `reminders report --with-transcripts`: each completed call's transcript and recording details
/// from the provider, paced by the shared `transcript` bucket, so reports run while a batch dials
/// (or several at once) stay within the provider's limits together. A transcript the campaign kept
/// (`store_transcripts`) is read from the database instead.
public struct TranscriptFetcher {
    let db: Connection
    let client: VoiceClient
    let clock: DispatchClock
    let limit: RateLimit
    let stopRequested: @Sendable () -> Bool

    /// Creates a fetcher; `limit` is the `transcript` bucket's rate.
    public init(
        db: Connection, client: VoiceClient, clock: DispatchClock = .system, limit: RateLimit = RateLimiter.transcriptLimit,
        stopRequested: @escaping @Sendable () -> Bool = { false }
    ) {
        self.db = db
        self.client = client
        self.clock = clock
        self.limit = limit
        self.stopRequested = stopRequested
    }

    /// One entry per call, in order; a call whose details cannot be fetched carries the reason.
    /// Throws only for the database or when a stop is requested.
    public func fetch(_ calls: [(contactID: String, callID: String, recordingID: String?)]) throws -> [CallTranscript] {
        let slots = OperatorSlots(limiter: RateLimiter(account: client.accountID), db: db, clock: clock)
        return try calls.map { call in
            if stopRequested() { throw OperatorError("interrupted while fetching transcripts") }
            var entry = CallTranscript(contactID: call.contactID, callID: call.callID, recordingID: call.recordingID)
            do {
                if let kept = try AttemptAnswers.storedTranscript(callID: call.callID, db) {
                    entry.turns = kept
                } else {
                    let transcript = try slots.paced("GET /v1/widget/transcript/{id}", .transcript, limit: limit) {
                        () throws(VoiceAPIError) in try client.transcript(sessionID: call.callID)
                    }
                    entry.turns = transcript.entries.map { CallTranscript.Turn(role: $0.role, text: $0.text) }
                }
                if let recordingID = call.recordingID {
                    let recording = try slots.paced("GET /voice/recording/{id}", .transcript, limit: limit) {
                        () throws(VoiceAPIError) in try client.recording(id: recordingID)
                    }
                    entry.recordingURL = recording.url
                    entry.recordingDuration = recording.duration
                }
            } catch let error as OperatorError {
                entry.error = error.description
            }
            return entry
        }
    }
}
