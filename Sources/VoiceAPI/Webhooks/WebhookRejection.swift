/// Why a webhook body was refused; names the field, never echoes its value.
public enum WebhookRejection: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLarge(bytes: Int)
    case notUTF8
    case notJSON
    case notAnObject
    case fieldTooLong(field: String)
    case missingCallID
    case missingStatus
    case invalidField(field: String)

    public var description: String {
        switch self {
        case .tooLarge(let bytes): "webhook body of \(bytes) bytes exceeds \(WebhookEvent.maxBodyBytes)"
        case .notUTF8: "webhook body is not UTF-8"
        case .notJSON: "webhook body is not JSON"
        case .notAnObject: "webhook body is not a JSON object"
        case .fieldTooLong(let field):
            "webhook field \(field.prefix(40)) is longer than \(WebhookEvent.maxStringLength) characters"
        case .missingCallID: "webhook has no call_id (or session_id)"
        case .missingStatus: "webhook has no status (or event)"
        case .invalidField(let field): "webhook field \(field) is invalid"
        }
    }
}
