import Foundation
public import Reminders

/// One valid row, ready for the staging table: normalized values plus its first attempt's plan.
public struct StagedContact: Sendable, Equatable {
    /// The validated row.
    public let row: ContactRow
    /// When the first attempt is due, or why there is none.
    public let due: DueTime

    /// The staging table's columns, in `ImportSQL.stagingColumns` order, as COPY text values.
    ///
    /// Instants travel as Unix seconds (`to_timestamp` in SQL): cheaper than formatting dates.
    public var copyValues: [String?] {
        var dueAt: String?
        var skipReason: String?
        switch due {
        case .due(let date): dueAt = String(date.timeIntervalSince1970)
        case .skip(let reason): skipReason = reason.rawValue
        }
        return [
            String(row.line), row.externalID, row.phone.e164, row.timeZoneIdentifier,
            String(row.appointmentAt.timeIntervalSince1970),
            JSONObjectText.encode(row.fields), JSONObjectText.encode(row.context),
            dueAt, skipReason, row.phoneColumn,
        ]
    }
}
