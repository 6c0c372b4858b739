import Testing
@testable import VoiceAPI

/// The provider's analysis labels are read tolerantly wherever a provider puts them.
@Suite struct SessionLabelsTests {
    @Test func labelsAreReadFromTheAnalysisAndTheTopLevelInOrder() throws {
        let body = #"""
            {"call_id": "call_1", "status": "completed",
             "analysis": {"summary": "The patient asked to move.", "outcome": "Reschedule Request",
                          "tags": ["Reschedule Request", 7, "Follow Up"], "in_voicemail": false,
                          "custom_analysis_data": {"disposition": "moved"}},
             "disposition": "Completed", "voicemail_detected": true}
            """#
        let details = try SessionDecoding.details(Array(body.utf8))
        #expect(details.labels.map { "\($0.field)=\($0.value)" } == [
            "analysis.outcome=Reschedule Request", "analysis.tags[0]=Reschedule Request", "analysis.tags[2]=Follow Up",
            "analysis.custom_analysis_data.disposition=moved", "disposition=Completed", "voicemail_detected=voicemail",
        ])
    }

    @Test func detailsWithoutAnalysisHaveNoLabels() throws {
        let details = try SessionDecoding.details(Array(#"{"call_id": "call_1", "status": "completed"}"#.utf8))
        #expect(details.labels.isEmpty)
    }
}
