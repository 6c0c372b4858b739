import Foundation
import Logging
import Postgres
import Reminders
import RemindersStore
import VoiceAPI

/// What each patient answered: for every completed call, the provider's own analysis of it
/// (`GET /voice/sessions/{id}`, mapped through the campaign's `answers`), else our classifier over
/// the transcript (`GET /v1/widget/transcript/{id}`), else `unclear`. Requests take turns in the
/// account's shared buckets like every other. The transcript is read and dropped: only the answer
/// and the evidence that decided it are kept.
extension Dispatcher {
    /// Fetches the answers due (at most a maintenance batch).
    func fetchAnswers() throws {
        var campaigns: [Int64: Campaign] = [:]
        for item in try AttemptAnswers.due(campaigns: configuration.campaigns, now: clock.now(), limit: configuration.maintenanceBatch, db) {
            if campaigns[item.campaignID] == nil { campaigns[item.campaignID] = try CampaignStore.load(id: item.campaignID, db).campaign }
            guard let campaign = campaigns[item.campaignID] else { continue }
            let decision: AnswerDecision?
            do {
                decision = try answer(callID: item.callID, campaign: campaign)
            } catch let error as VoiceAPIError {
                let now = clock.now()
                let delay = configuration.answerBackoff.delay(afterFailures: item.tries + 1, using: &random)
                try AttemptAnswers.fetchFailed(attemptID: item.attemptID, tries: item.tries, retryAt: now.addingTimeInterval(delay), now: now, db)
                logger.warning("could not fetch a call's details for its answer; will try again",
                               ["attempt": .int(Int(item.attemptID)), "error": .error(error)])
                continue
            }
            guard let decision else { return }  // stopped, or the provider said 429: the next round goes on
            let followUp = try AttemptAnswers.record(decision, attemptID: item.attemptID, now: clock.now(), db)
            summary.answers[decision.answer, default: 0] += 1
            logger.debug("answer recorded", ["attempt": .int(Int(item.attemptID)), "answer": .text(decision.answer.rawValue),
                                             "evidence": .text(decision.evidence)])
            if case .retry = followUp { logger.info("a voicemail gets another attempt", ["attempt": .int(Int(item.attemptID))]) }
        }
    }

    /// The answer for one call: the provider's labels first, then the transcript; nil when stopped
    /// or refused with a 429 (recorded in the endpoint's shared bucket).
    func answer(callID: String, campaign: Campaign) throws -> AnswerDecision? {
        guard try waitForSlot(.sessions, limit: configuration.sessionsLimit) != nil else { return nil }
        let details: SessionDetails
        switch Result(catching: { () throws(VoiceAPIError) -> SessionDetails in try client.session(id: callID) }) {
        case .success(let value): details = value
        case .failure(.rateLimited(let retryAfter)):
            try limiter.rateLimited(.sessions, limit: configuration.sessionsLimit, retryAfter: retryAfter, db)
            return nil
        case .failure(let error): throw error
        }
        if let decision = ProviderAnswers.decide(details.labels.map { ($0.field, $0.value) }, mapping: campaign.answers) {
            return decision
        }
        guard try waitForSlot(.transcript, limit: configuration.transcriptLimit) != nil else { return nil }
        let transcript: Transcript
        switch Result(catching: { () throws(VoiceAPIError) -> Transcript in try client.transcript(sessionID: callID) }) {
        case .success(let value): transcript = value
        case .failure(.rateLimited(let retryAfter)):
            try limiter.rateLimited(.transcript, limit: configuration.transcriptLimit, retryAfter: retryAfter, db)
            return nil
        case .failure(let error): throw error
        }
        let turns = transcript.entries.map { CallTranscript.Turn(role: $0.role, text: $0.text) }
        return AnswerClassifier.classify(turns, locale: campaign.locale)
    }
}
