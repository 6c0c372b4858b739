import Reminders
import VoiceAPI

/// The provider's call statuses as attempt states.
enum ProviderStatusMapping {
    /// The attempt state for `status`; nil for a status this client does not know.
    static func state(for status: CallStatus) -> CallState? {
        switch status {
        case .initiating: .initiating
        case .ringing: .ringing
        case .inProgress: .inProgress
        case .completed: .completed
        case .noAnswer: .noAnswer
        case .busy: .busy
        case .failed: .failed
        case .unrecognized: nil
        }
    }
}
