public import Foundation

/// When a contact's first attempt should be dialed, or why it should not be dialed at all.
public enum DueTime: Sendable, Equatable {
    /// Dial at this instant (inside a calling window, early enough before the appointment).
    case due(Date)
    /// Do not dial.
    case skip(SkipReason)

    /// Why no first attempt is scheduled.
    public enum SkipReason: String, Sendable, Equatable {
        /// The appointment has already started.
        case appointmentPassed = "appointment_passed"
        /// The appointment is too close: a reminder now would be no use.
        case tooCloseToAppointment = "too_close_to_appointment"
        /// No calling window opens early enough before the appointment.
        case noCallingWindowBeforeAppointment = "no_calling_window_before_appointment"
    }

    /// A reminder must start at least this long before the appointment: a call in the last
    /// quarter hour cannot help anyone get there, and might reach them already on their way.
    public static let appointmentMargin: TimeInterval = 15 * 60

    /// The latest instant an attempt for `appointment` may start.
    public static func latestStart(before appointment: Date) -> Date {
        appointment.addingTimeInterval(-appointmentMargin)
    }

    /// Computes the first attempt's due time.
    ///
    /// The target is `appointment − remindBefore` (or `now` when the campaign has no
    /// `remind_before`), never before `now`, moved to the next calling-window opening in the
    /// contact's zone; it must not fall within `appointmentMargin` of the appointment.
    public static func firstAttempt(
        appointment: Date,
        remindBefore: CampaignDuration?,
        callingHours: CallingHours,
        timeZone: TimeZone,
        now: Date
    ) -> DueTime {
        guard appointment > now else { return .skip(.appointmentPassed) }
        let latest = latestStart(before: appointment)
        guard now <= latest else { return .skip(.tooCloseToAppointment) }
        let target = max(now, remindBefore.map { appointment.addingTimeInterval(-$0.timeInterval) } ?? now)
        guard let opening = callingHours.nextOpening(atOrAfter: target, timeZone: timeZone), opening <= latest
        else { return .skip(.noCallingWindowBeforeAppointment) }
        return .due(opening)
    }
}
