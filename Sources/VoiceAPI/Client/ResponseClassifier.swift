import JSON
import Logging
import Foundation

/// Sorts an HTTP exchange into success or one of the error classes (pure; `now` is injected).
enum ResponseClassifier {
    /// Longest provider message kept: enough to read the reason, bounded against huge bodies.
    static let maxMessageLength = 200
    /// Longest Retry-After honoured; a larger value is taken as this, so a bad header cannot park us for days.
    static let maxRetryAfter = Duration.seconds(3600)

    /// The 2xx body, or the error class the exchange belongs to.
    static func classify(_ outcome: HTTPExchangeOutcome, now: Date) -> Result<[UInt8], VoiceAPIError> {
        switch outcome {
        case .notSent(let reason):
            return .failure(.transient(reason))
        case .noAnswer(let reason):
            return .failure(.ambiguous(reason))
        case .response(let status, let headers, let body):
            switch status {
            case 200..<300:
                return .success(body)
            case 429:
                return .failure(.rateLimited(retryAfter: headers["retry-after"].flatMap { retryAfter($0, now: now) }))
            case 400..<500:
                return .failure(.permanent(status: status, message: providerMessage(body)))
            case 500..<600:
                return .failure(.transient("HTTP \(status): \(providerMessage(body))"))
            default:
                return .failure(.invalidResponse("HTTP \(status)"))
            }
        }
    }

    /// Reads `Retry-After` as delay seconds or an HTTP date; nil when it is neither.
    static func retryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed) {
            guard seconds >= 0 else { return nil }
            return min(.seconds(seconds), maxRetryAfter)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        let delay = max(0, date.timeIntervalSince(now))
        return min(.milliseconds(Int64((delay * 1000).rounded(.up))), maxRetryAfter)
    }

    /// The provider's reason from an error body: a JSON `error`/`message`/`detail`, else the text; bounded, numbers masked.
    static func providerMessage(_ body: [UInt8]) -> String {
        var message: String
        if let object = JSONValue.parse(body)?.object {
            message = object.firstString("message", "error", "detail", "error_description")
                ?? object["error"]?.object?.firstString("message", "code")
                ?? "no message"
        } else if let text = String(validating: body, as: UTF8.self), !text.isEmpty {
            message = text
        } else {
            message = "no message"
        }
        message = String(message.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.prefix(maxMessageLength))
        return PhoneMask.maskDigitRuns(message)
    }
}
