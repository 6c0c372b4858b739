public import Foundation
public import Reminders

/// The per-row part of an import, with no IO: validates a record and plans its first attempt.
///
/// Built once per source from its header, so that a header or template problem fails the whole
/// source before any row is read. `now` and the token source are injected for tests.
public struct ImportPipeline {
    /// The source's header, resolved for the campaign.
    public let columns: ContactColumns
    let campaign: Campaign
    let templates: [String: ContextTemplate]
    let locale: Locale
    let now: Date
    /// Zones by name: building a TimeZone per row would dominate a large import.
    private var zones: [String: TimeZone] = [:]

    /// Prepares the pipeline for `header`, naming `source` (the file, or `source query`) in errors.
    public init(campaign: Campaign, header: [String], source: String, now: Date) throws(ImportError) {
        var templates: [String: ContextTemplate] = [:]
        for key in campaign.context.keys.sorted() {
            guard let text = campaign.context[key] else { continue }
            do {
                templates[key] = try ContextTemplate(text)
            } catch {
                throw .template(campaign: campaign.name, key: key, error)
            }
        }
        do {
            columns = try ContactColumns.resolve(
                header: header, columns: campaign.columns, templates: templates, reportFields: campaign.reportFields)
        } catch {
            throw .header(source: source, error)
        }
        self.campaign = campaign
        self.templates = templates
        self.locale = Locale(identifier: campaign.locale)
        self.now = now
    }

    /// What one record comes to.
    public enum Staged: Sendable, Equatable {
        /// A contact for the staging table.
        case contact(StagedContact)
        /// An appointment the source marks cancelled: never called, cancelled if already imported.
        case cancelled(externalID: String)
        case rejected(RowRejection)
    }

    /// Validates one record and plans its first attempt, or says why the row is not imported.
    public mutating func stage(_ record: CSVRecord) -> Staged {
        let read = ContactRow.read(
            record: record, columns: columns, defaultRegion: campaign.defaultRegion,
            defaultTimeZone: campaign.timeZone, locale: locale, templates: templates,
            appointmentFormat: campaign.appointmentFormat, cancelledValues: campaign.cancelledValues)
        switch read {
        case .rejected(let rejection):
            return .rejected(rejection)
        case .cancelled(_, let externalID):
            return .cancelled(externalID: externalID)
        case .contact(let row):
            let zone = zone(named: row.timeZoneIdentifier)
            let due = DueTime.firstAttempt(
                appointment: row.appointmentAt, remindBefore: campaign.remindBefore,
                callingHours: campaign.callingHours, timeZone: zone, now: now)
            return .contact(StagedContact(row: row, due: due))
        }
    }
}

extension ImportPipeline {
    /// The zone `ContactRow` already validated, built once per distinct name.
    mutating func zone(named name: String) -> TimeZone {
        if let zone = zones[name] { return zone }
        // The row parsed, so the name is valid; the campaign's zone is only a formal fallback.
        let zone = (try? TimeZoneName.parse(name)) ?? campaign.timeZone
        zones[name] = zone
        return zone
    }
}
