public import Foundation
public import Reminders

/// The checks made right before each dial, as pure logic over facts read in the claim's
/// transaction: the campaign is active, the contact was not cancelled, the number is not suppressed, the appointment is still
/// ahead, the moment is inside the contact's calling hours and the frequency cap allows a call.
///
/// A contact that fails a check is rescheduled (to the next window opening, or to when the cap
/// allows) or settled with its reason; it is never dialed.
public struct DialGuard: Sendable, Equatable {
    /// Everything the checks read.
    public struct Facts: Sendable, Equatable {
        public var campaignState: CampaignState
        public var suppressed: Bool
        public var appointment: Date
        public var timeZone: TimeZone
        public var callingHours: CallingHours
        public var frequencyCap: FrequencyCap
        /// When other reminders (other contacts, any campaign) last reached this number's phone.
        public var otherDials: [Date]
        /// When the attempt is due; later than `now` only in submit-ahead mode.
        public var dueAt: Date
        /// Whether the dial may be sent early with `scheduled_at`.
        public var submitAhead: Bool
        /// Whether the contact was cancelled (its appointment cancelled in the practice system,
        /// or by staff) after this attempt was scheduled.
        public var contactCancelled: Bool

        public init(
            campaignState: CampaignState, suppressed: Bool, appointment: Date, timeZone: TimeZone,
            callingHours: CallingHours, frequencyCap: FrequencyCap, otherDials: [Date], dueAt: Date, submitAhead: Bool,
            contactCancelled: Bool = false
        ) {
            self.contactCancelled = contactCancelled
            self.campaignState = campaignState
            self.suppressed = suppressed
            self.appointment = appointment
            self.timeZone = timeZone
            self.callingHours = callingHours
            self.frequencyCap = frequencyCap
            self.otherDials = otherDials
            self.dueAt = dueAt
            self.submitAhead = submitAhead
        }
    }

    /// What to do with a claimed attempt.
    public enum Verdict: Sendable, Equatable {
        /// Dial now; `scheduledAt` is set when the provider should hold the call until then.
        case dial(scheduledAt: Date?)
        /// Not now: put the attempt back, due at this instant.
        case reschedule(at: Date, reason: String)
        /// Never: settle the attempt and the contact.
        case settle(SettleReason)
    }

    /// Why a claimed attempt is settled without a call.
    public enum SettleReason: String, Sendable, Equatable {
        case campaignCancelled = "campaign_cancelled"
        case contactCancelled = "contact_cancelled"
        case suppressed
        case appointmentPassed = "appointment_passed"
        case noCallingWindowBeforeAppointment = "no_calling_window_before_appointment"
        case frequencyCap = "frequency_cap"
        /// The contact's stored zone is unknown to this worker's time zone database: its calling
        /// window cannot be known, so it is never guessed (install the newer tzdata and re-import).
        case timeZoneUnknown = "time_zone_unknown"
        /// The stored context is not the object of strings the dial sends (a damaged row).
        case contextUnreadable = "context_unreadable"
    }

    /// Decides the attempt's fate at `now`.
    public static func check(_ facts: Facts, now: Date) -> Verdict {
        switch facts.campaignState {
        case .cancelled: return .settle(.campaignCancelled)
        case .paused: return .reschedule(at: max(facts.dueAt, now), reason: "campaign_paused")
        case .active: break
        }
        if facts.contactCancelled { return .settle(.contactCancelled) }
        if facts.suppressed { return .settle(.suppressed) }
        let latest = DueTime.latestStart(before: facts.appointment)
        // The call would go at `at`: now, or the later due time when submitting ahead.
        let at = facts.submitAhead ? max(now, facts.dueAt) : now
        guard at <= latest else { return .settle(.appointmentPassed) }
        guard let opening = facts.callingHours.nextOpening(atOrAfter: at, timeZone: facts.timeZone), opening <= latest
        else { return .settle(.noCallingWindowBeforeAppointment) }
        if opening > at {
            if facts.submitAhead { return Self.capped(facts, at: opening, now: now, latest: latest) }
            return .reschedule(at: opening, reason: "outside_calling_hours")
        }
        return Self.capped(facts, at: at, now: now, latest: latest)
    }

    /// The frequency cap at the instant the call would go.
    private static func capped(_ facts: Facts, at: Date, now: Date, latest: Date) -> Verdict {
        switch facts.frequencyCap.check(earlierDials: facts.otherDials, now: at) {
        case .allowed:
            return .dial(scheduledAt: at > now ? at : nil)
        case .wait(let until):
            guard let opening = facts.callingHours.nextOpening(atOrAfter: until, timeZone: facts.timeZone),
                opening <= latest
            else { return .settle(.frequencyCap) }
            return .reschedule(at: opening, reason: "frequency_cap")
        }
    }
}
