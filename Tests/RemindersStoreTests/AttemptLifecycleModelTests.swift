import Foundation
import Postgres
import Reminders
import RemindersStore
import TestSupport
import Testing

/// Model-based test of an attempt's life in the store: random interleavings of claims, dial
/// results (accepted, ambiguous, not placed, refused, refused for the account), webhooks
/// (duplicated, late, out of order, for calls the dial's answer never named), adoptions and
/// redials, workers dying mid-dial, and re-imports that move appointments and change numbers,
/// with the clock moving on. After every step the invariants that protect patients are checked
/// on the database itself.
@Suite struct AttemptLifecycleModelTests {
    static let campaignFile = """
        {"name": "model", "agent_id": "agent_1", "from_number": "+15550100000", "timezone": "UTC",
         "calling_hours": {"start": "00:00", "end": "24:00", "override_legal_hours": true},
         "retry": {"max_attempts": 3, "delay": "30m", "on": ["no_answer", "busy"]}}
        """
    static let retryDelay: TimeInterval = 1_800

    /// What the test knows that the store may not: which calls the provider really placed.
    struct Provider {
        var calls: [(callID: String, token: String)] = []
        /// Ambiguous attempts whose call the provider did place, by attempt id.
        var placedUnknown: [Int64: String] = [:]
        var next = 0
        mutating func newCall() -> String {
            next += 1
            return "call_\(next)"
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func invariantsHoldUnderRandomInterleavings(seed: UInt64) throws {
        try TestDatabase.withMigrated { db, _ in
            var random = ModelRandom(seed: seed)
            let campaign = try CampaignStore.save(try Campaign.parse(Data(Self.campaignFile.utf8), file: "model.json"), db)
            var now = Date()
            for index in 0..<4 {
                let phone = "+1212555010\(index)"
                let contact = try db.query("""
                    INSERT INTO contacts (campaign_id, external_id, phone, timezone, appointment_at, fields, context, row_hash)
                    VALUES (\(campaign.id), \("m\(index)"), \(phone), 'UTC', \(now.addingTimeInterval(10 * 86_400)), '{}', '{}', 'h')
                    RETURNING id
                    """)[0].decode("id", as: Int64.self)
                try db.execute("""
                    INSERT INTO call_attempts (contact_id, campaign_id, attempt_number, state, due_at, to_number)
                    VALUES (\(contact), \(campaign.id), 1, 'scheduled', \(now), \(phone))
                    """)
            }
            let queue = CallQueue(worker: "model", runID: nil, campaigns: ["model"])
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let storedCampaign = try Campaign.parse(Data(Self.campaignFile.utf8), file: "model.json")
            var imports = 0
            var crashes = 0
            var accountRefusals = 0
            var provider = Provider()
            var terminal: [Int64: String] = [:]
            // Webhook tokens exist only in the claim's answer: the database keeps their hashes.
            var tokens: [Int64: String] = [:]
            for step in 0..<300 {
                let attempts = try Self.attempts(db)
                let dialing = attempts.filter { $0.state == "dialing" }
                let unknown = attempts.filter { $0.state == "unknown" }
                switch random.next(9) {
                case 0:
                    if case .dial(let claimed) = try queue.claimNext(now: now, db) { tokens[claimed.id] = claimed.webhookToken }
                case 1 where !dialing.isEmpty:
                    let attempt = dialing[random.next(dialing.count)]
                    switch random.next(4) {
                    case 0:
                        let callID = provider.newCall()
                        provider.calls.append((callID, tokens[attempt.id] ?? ""))
                        try CallQueue.recordAccepted(attempt.id, callID: callID, pollAfter: 600, now: now, db)
                    case 1:
                        if random.next(2) == 0 {
                            let callID = provider.newCall()
                            provider.calls.append((callID, tokens[attempt.id] ?? ""))
                            provider.placedUnknown[attempt.id] = callID
                        }
                        try CallQueue.recordAmbiguous(attempt.id, reason: "model", reconcileAfter: 60, now: now, db)
                    case 2:
                        try CallQueue.recordNotPlaced(attempt.id, dueAt: now.addingTimeInterval(30), reason: "transient", now: now, db)
                    default:
                        try CallQueue.recordRefused(attempt.id, providerStatus: 422, now: now, db)
                    }
                case 2 where !provider.calls.isEmpty:
                    let call = provider.calls[random.next(provider.calls.count)]
                    let statuses: [CallState] = [.ringing, .inProgress, .completed, .noAnswer, .busy, .failed]
                    let state = statuses[random.next(statuses.count)]
                    // Stamped to the whole second, up to two minutes late.
                    let stamp = (now.timeIntervalSince1970 - Double(random.next(120))).rounded(.down)
                    let event = ProviderEvent(
                        callID: call.callID, status: state.rawValue, state: state,
                        occurredAt: Date(timeIntervalSince1970: stamp), payload: "{}")
                    _ = try db.transaction { tx in try EventRecorder.record(event, token: call.token, now: now, tx) }
                case 3 where !unknown.isEmpty:
                    // Reconciliation: the provider's list names the call, or the grace has passed without one.
                    let attempt = unknown[random.next(unknown.count)]
                    if let callID = provider.placedUnknown[attempt.id] {
                        try db.transaction { tx in
                            _ = try AttemptOutcomes.apply(
                                AttemptReport(state: .ringing, callID: callID), toAttempt: attempt.id, source: "sessions", now: now, tx)
                        }
                    } else {
                        _ = try CallQueue.redial(attempt.id, now: now, db)
                    }
                case 4 where !dialing.isEmpty:
                    // The worker dies mid-dial: the request may or may not have left. Recovery
                    // marks its claims unknown, to be reconciled before anyone is dialed again.
                    for attempt in dialing where random.next(2) == 0 {
                        let callID = provider.newCall()
                        provider.calls.append((callID, tokens[attempt.id] ?? ""))
                        provider.placedUnknown[attempt.id] = callID
                    }
                    try CallQueue.markAbandoned(staleAfter: 0, now: now, db)
                    crashes += 1
                case 5 where !dialing.isEmpty:
                    // The account is refused (402): nothing about the patient; the attempt goes back.
                    let attempt = dialing[random.next(dialing.count)]
                    _ = try CallQueue.recordNotPlaced(attempt.id, dueAt: now, reason: "provider_refused_402", now: now, db)
                    accountRefusals += 1
                case 6:
                    // A re-import: appointments move, and now and then a number changes.
                    imports += 1
                    var lines = ["id,phone,appointment_at,timezone"]
                    for index in 0..<4 {
                        let phone = random.next(4) == 0 ? "+1212555" + String(format: "%03d", imports % 1000) + "\(index)" : "+1212555010\(index)"
                        let appointment = ISO8601DateFormatter().string(from: now.addingTimeInterval(Double(9 + random.next(3)) * 86_400))
                        lines.append("m\(index),\(phone),\(appointment),UTC")
                    }
                    let path = folder.appendingPathComponent("import-\(imports).csv").path
                    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: path))
                    var reader = try CSVReader(path: path)
                    var options = Importer.Options()
                    options.now = now
                    var rejected = 0
                    options.rejected = { _ in rejected += 1 }
                    _ = try Importer(campaign: storedCampaign, sourceName: path).run(from: &reader, into: db, options: options)
                    #expect(rejected == 0, "step \(step): the model's re-import rejected rows")
                default:
                    now.addTimeInterval(Double(1 + random.next(900)))
                }
                try Self.checkInvariants(db, terminal: &terminal, step: step, provider: provider)
            }
            // Each kind of event happened, so the invariants were checked against all of them.
            #expect(imports > 0 && crashes > 0 && accountRefusals > 0, "imports \(imports), crashes \(crashes), refusals \(accountRefusals)")
        }
    }

    struct AttemptRow {
        let id: Int64
        let contactID: Int64
        let number: Int
        let state: String
        let callID: String?
        let dueAt: Date
        let endedAt: Date?
        let dialedAt: Date?
        let pollAt: Date?
    }

    static func attempts(_ db: Connection) throws -> [AttemptRow] {
        try db.query("""
            SELECT id, contact_id, attempt_number, state, call_id, due_at, ended_at, dialed_at, poll_at
              FROM call_attempts ORDER BY contact_id, attempt_number
            """).map { row in
            AttemptRow(
                id: try row.decode("id"), contactID: try row.decode("contact_id"), number: Int(try row.decode("attempt_number", as: Int32.self)),
                state: try row.decode("state"), callID: try row.decode("call_id"),
                dueAt: try row.decode("due_at"), endedAt: try row.decode("ended_at"), dialedAt: try row.decode("dialed_at"),
                pollAt: try row.decode("poll_at"))
        }
    }

    static func checkInvariants(_ db: Connection, terminal: inout [Int64: String], step: Int, provider: Provider) throws {
        let rows = try attempts(db)
        let terminalStates: Set<String> = ["completed", "no_answer", "busy", "failed", "skipped", "cancelled"]
        let liveStates: Set<String> = ["dialing", "initiating", "ringing", "in_progress", "unknown"]
        for (contact, attempts) in Dictionary(grouping: rows, by: \.contactID) {
            // Never two live attempts for one contact.
            #expect(attempts.filter { liveStates.contains($0.state) }.count <= 1, "step \(step): contact \(contact) has two live attempts")
            // A retry never before its full delay after the attempt before it ended.
            for (earlier, later) in zip(attempts, attempts.dropFirst()) {
                guard let ended = earlier.endedAt else { continue }
                #expect(later.dueAt >= ended.addingTimeInterval(retryDelay), "step \(step): retry \(later.id) before its delay")
            }
        }
        // A number and the context it goes with travel together: an attempt waiting to be dialed
        // calls its contact's number now.
        for row in try db.query("""
            SELECT a.id FROM call_attempts a JOIN contacts c ON c.id = a.contact_id
             WHERE a.state = 'scheduled' AND a.to_number <> c.phone
            """) {
            Issue.record("step \(step): scheduled attempt \(try row.decode("id", as: Int64.self)) would call an old number")
        }
        // An account refusal is never the patient's failure.
        let blamed = try db.query("SELECT count(*)::int AS n FROM contacts WHERE status_reason LIKE 'provider_refused_402%'")
        #expect(try blamed[0].decode("n", as: Int.self) == 0, "step \(step): a contact was settled on the account's refusal")
        for row in rows {
            // Terminal states are final.
            if let was = terminal[row.id] {
                #expect(row.state == was, "step \(step): attempt \(row.id) left terminal \(was) for \(row.state)")
            } else if terminalStates.contains(row.state) {
                terminal[row.id] = row.state
            }
            // A placed call counts as dialed (the frequency cap reads it) and, while live, will be polled.
            if row.callID != nil {
                #expect(row.dialedAt != nil, "step \(step): placed attempt \(row.id) has no dialed_at")
            }
            if ["initiating", "ringing", "in_progress"].contains(row.state) {
                #expect(row.pollAt != nil, "step \(step): live attempt \(row.id) is never polled")
            }
            // Never a redial while the provider may have placed the call.
            if row.state == "scheduled", let placed = provider.placedUnknown[row.id] {
                Issue.record("step \(step): attempt \(row.id) was put back to be dialed although its call \(placed) exists")
            }
        }
    }
}

/// A small seeded generator (SplitMix64), so a failing seed replays.
struct ModelRandom {
    var state: UInt64
    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 }
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }
}
