import Reminders
import RemindersStore
import VoiceAPI

extension ProviderEvent {
    /// The store's view of a decoded webhook.
    init(_ event: WebhookEvent) {
        self.init(
            callID: event.callID, status: event.status.wireValue, state: CallState(event.status),
            occurredAt: event.timestamp, durationSeconds: event.duration, recordingID: event.recordingID,
            reason: event.reason, payload: event.rawJSON)
    }
}

extension CallState {
    /// The attempt state a provider status means; nil for a status we do not recognize.
    init?(_ status: CallStatus) {
        switch status {
        case .initiating: self = .initiating
        case .ringing: self = .ringing
        case .inProgress: self = .inProgress
        case .completed: self = .completed
        case .noAnswer: self = .noAnswer
        case .busy: self = .busy
        case .failed: self = .failed
        case .unrecognized: return nil
        }
    }
}
