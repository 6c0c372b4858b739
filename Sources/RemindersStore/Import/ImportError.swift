public import Reminders

/// A problem with a whole import source: nothing is imported, and the message names the source.
public enum ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file cannot be read as CSV (empty, binary, not UTF-8, an unterminated quote…).
    case unreadable(source: String, CSVError)
    /// The header does not fit the campaign's columns or templates.
    case header(source: String, ContactColumnsError)
    /// A context template of the campaign does not parse.
    case template(campaign: String, key: String, TemplateError)
    /// SIGINT/SIGTERM arrived mid-import: the transaction was rolled back.
    case interrupted(source: String)
    /// `--complete` would cancel more than `ContactCancellation.massCancelShare` of the pending
    /// contacts: a truncated export must not silence a day. `--allow-mass-cancel` overrides.
    case massCancel(source: String, absent: Int, pending: Int)

    /// One line naming the source and what is wrong.
    public var description: String {
        switch self {
        case .unreadable(let source, let error):
            "\(source): \(error.description)"
        case .header(let source, let error):
            "\(source): header: \(error.description); nothing imported"
        case .template(let campaign, let key, let error):
            "campaign \(campaign): context \"\(key)\": \(error.description); nothing imported"
        case .interrupted(let source):
            "\(source): interrupted; nothing imported"
        case .massCancel(let source, let absent, let pending):
            "\(source): --complete would cancel \(absent) of \(pending) pending contacts (more than a fifth): "
                + "is the export whole? nothing imported (--allow-mass-cancel if it is)"
        }
    }
}
