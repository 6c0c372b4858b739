public import Foundation

/// One contact's line in a report: what staff need to follow up.
public struct ReportContactRow: Sendable, Equatable {
    /// The contact's own identifier (the CSV's id column).
    public var id: String
    /// The number in E.164, in full (staff call back); never logged.
    public var phone: String
    /// pending, reached, not_reached, skipped or cancelled.
    public var status: String
    /// Why the contact was skipped or not reached, when known.
    public var statusReason: String?
    /// Attempts placed (dialed).
    public var attempts: Int
    /// The state of the latest placed attempt, nil before the first dial.
    public var lastOutcome: String?
    /// When the latest attempt was dialed.
    public var lastCallAt: Date?
    /// The provider's call ids, oldest attempt first.
    public var callIDs: [String]
    /// The campaign's phone column the number came from (`Mobile`, `Home`…), when recorded.
    public var phoneColumn: String?
    /// What the patient answered on the latest answered call (`Answer`'s names).
    public var answer: String?
    /// The appointment, and the contact's IANA zone it is kept in.
    public var appointmentAt: Date?
    public var timeZone: String?
    /// The values of the campaign's `report_fields` columns, in their order ("" when absent).
    public var fields: [String] = []

    /// The provider's id of the latest call, if any.
    public var lastCallID: String? { callIDs.last }

    /// The appointment in the contact's own zone, `2026-12-04 09:30 GMT-5`, as staff read it.
    /// `zones` keeps each zone read once: a report names a handful of zones over many rows.
    public func appointmentLocal(zones: inout [String: TimeZone?]) -> String? {
        guard let appointmentAt, let timeZone else { return nil }
        if zones[timeZone] == nil { zones[timeZone] = .some(Campaign.ianaTimeZone(timeZone)) }
        guard let zone = zones[timeZone] ?? nil else { return nil }
        return ReportFormatting.local(appointmentAt, in: zone)
    }

    /// Creates a row.
    public init(id: String, phone: String, status: String, statusReason: String? = nil, attempts: Int,
                lastOutcome: String?, lastCallAt: Date?, callIDs: [String], phoneColumn: String? = nil,
                answer: String? = nil, appointmentAt: Date? = nil, timeZone: String? = nil) {
        self.phoneColumn = phoneColumn
        self.answer = answer
        self.appointmentAt = appointmentAt
        self.timeZone = timeZone
        self.id = id
        self.phone = phone
        self.status = status
        self.statusReason = statusReason
        self.attempts = attempts
        self.lastOutcome = lastOutcome
        self.lastCallAt = lastCallAt
        self.callIDs = callIDs
    }
}
