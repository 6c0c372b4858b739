import Foundation
import HTTPServer
import Postgres
import Reminders
import RemindersStore
import Synchronization
import TestSupport
import Testing
import VoiceAPI
@testable import Worker

/// `TranscriptFetcher`: transcripts and recordings through the shared `transcript` bucket.
@Suite struct OperatorTranscriptTests {
    @Test func fetchesThroughTheSharedBucketAndWaitsOutA429() throws {
        // A stand-in provider: the first request is refused with a 429, the rest answered.
        let paths = Mutex<[String]>([])
        let provider = HTTPServer { request in
            let count = paths.withLock { $0.append(request.path); return $0.count }
            if count == 1 { return HTTPResponse(status: 429, headers: ["Retry-After": "0"]) }
            if request.path.hasPrefix("/voice/recording/") {
                return .json(200, Array(#"{"id": "rec-1", "url": "https://example.test/rec-1.mp3", "duration": 42}"#.utf8))
            }
            return .json(200, Array(#"{"session_id": "call-1", "transcript": [{"role": "agent", "text": "Hello"}]}"#.utf8))
        }
        let port = try provider.start(host: "127.0.0.1", port: 0)
        defer { provider.shutdown(gracePeriod: .seconds(1)) }
        try TestDatabase.withMigrated { db, _ in
            let client = VoiceClient(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)")), apiKey: try APIKey("test-key"))
            let fetcher = TranscriptFetcher(db: db, client: client, limit: RateLimit(perMinute: 6000, burst: 1))
            let entries = try fetcher.fetch([(contactID: "A-1", callID: "call-1", recordingID: "rec-1")])

            #expect(entries.count == 1)
            #expect(entries.first?.turns.map(\.text) == ["Hello"])
            #expect(entries.first?.recordingURL == "https://example.test/rec-1.mp3")
            #expect(entries.first?.error == nil)
            #expect(paths.withLock { $0 } == [
                "/v1/widget/transcript/call-1", "/v1/widget/transcript/call-1", "/voice/recording/rec-1",
            ])
            let counters = try RateLimiter(account: client.accountID).counters(.transcript, db)
            #expect(counters.granted == 3)
            #expect(counters.rateLimited == 1)
        }
    }

    @Test func aStopRequestEndsTheFetch() throws {
        try TestDatabase.withMigrated { db, _ in
            let client = VoiceClient(baseURL: try #require(URL(string: "http://127.0.0.1:9")), apiKey: try APIKey("test-key"))
            let fetcher = TranscriptFetcher(db: db, client: client, stopRequested: { true })
            #expect(throws: OperatorError.self) { try fetcher.fetch([(contactID: "A-1", callID: "call-1", recordingID: nil)]) }
            #expect(try RateLimiter(account: client.accountID).counters(.transcript, db).granted == 0)
        }
    }
}
