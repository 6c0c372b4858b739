import Foundation
import Testing
@testable import Reminders

@Suite("ProviderAnswers")
struct ProviderAnswersTests {
    @Test func theFirstLabelThatMapsDecidesAndNamesItsField() {
        let labels = [("analysis.outcome", "Call Completed"), ("analysis.tags[0]", "Reschedule_Request"), ("tags[0]", "confirmed")]
        #expect(ProviderAnswers.decide(labels) == AnswerDecision(.rescheduleRequested, evidence: "provider:analysis.tags[0]"))
    }

    @Test func theCampaignsLabelsComeFirstAndNothingMappedIsNil() {
        let labels = [("analysis.disposition", "Kept Appt")]
        #expect(ProviderAnswers.decide(labels) == nil)
        #expect(ProviderAnswers.decide(labels, mapping: ["kept appt": .confirmed])
            == AnswerDecision(.confirmed, evidence: "provider:analysis.disposition"))
        // The campaign may also override a common label.
        #expect(ProviderAnswers.decide([("tags[0]", "machine")], mapping: ["Machine": .unclear])?.answer == .unclear)
        #expect(ProviderAnswers.decide([]) == nil)
    }

    @Test func labelsCompareWithoutCaseUnderscoresOrExtraSpaces() {
        #expect(ProviderAnswers.normalized("  Wrong_Number ") == "wrong number")
        #expect(ProviderAnswers.decide([("outcome", "WRONG-NUMBER")])?.answer == .wrongNumber)
        #expect(ProviderAnswers.decide([("in_voicemail", "voicemail")])?.answer == .voicemail)
    }

    @Test func aCampaignMapsItsAgentsLabelsAndRefusesAnUnknownAnswer() throws {
        let base = #"{"name": "c", "agent_id": "a", "from_number": "+12125550100", "timezone": "UTC""#
        let campaign = try Campaign.parse(Data((base + #", "answers": {"Kept Appt": "confirmed", "Moved": "reschedule_requested"}}"#).utf8), file: "c.json")
        #expect(campaign.answers == ["kept appt": .confirmed, "moved": .rescheduleRequested])
        #expect(throws: CampaignError.self) {
            try Campaign.parse(Data((base + #", "answers": {"Kept Appt": "yes"}}"#).utf8), file: "c.json")
        }
        // Stored and read back as written.
        let again = try Campaign.parse(campaign.canonicalJSON(), file: "stored")
        #expect(again.answers == campaign.answers)
    }
}
