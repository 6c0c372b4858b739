/// Faults the simulator injects, each as a rate from 0 (never) to 1 (always, deterministic).
///
/// Decisions draw from the simulator's seeded generator, so a seeded run repeats.
/// In `POST /_sim/config`, a missing field means 0.
public struct Faults: Sendable, Equatable, Codable {
    /// Dials answered 503 without placing a call.
    public var dialServerError: Double
    /// Dials accepted (the call happens!) whose response is never sent.
    public var droppedResponse: Double
    /// Dials that arrive on a kept-alive connection already used: accepted (the call happens!),
    /// then the connection is closed unanswered, as when the provider times the connection out.
    public var droppedOnReusedConnection: Double
    /// Dials placed (the call happens!) but answered 502, as by a gateway in front of the provider.
    public var placedServerError: Double
    /// Per webhook: sent twice.
    public var duplicateWebhook: Double
    /// Per call: the change before the terminal one is delivered after it.
    public var outOfOrderWebhooks: Double
    /// Per webhook: never sent.
    public var missingWebhook: Double
    /// Per webhook: sent `lateBy` after its time (so after later ones, when that is longer than the gap).
    public var lateWebhook: Double
    /// How late a late webhook is.
    public var lateBy: Duration
    /// Transcript reads (`GET /v1/widget/transcript/{id}`) answered 503.
    public var transcriptServerError: Double
    /// Every dial answered 402, as when the account's balance is exhausted.
    public var insufficientBalance: Bool
    /// When set, faults apply only to calls whose `to_number` ends with this (a deterministic selector).
    public var numberSuffix: String?

    /// How late a late webhook is unless configured: long against fast test timings, short against real ones.
    public static let defaultLateBy = Duration.seconds(2)

    public init(
        dialServerError: Double = 0, droppedResponse: Double = 0, droppedOnReusedConnection: Double = 0,
        placedServerError: Double = 0, duplicateWebhook: Double = 0,
        outOfOrderWebhooks: Double = 0, missingWebhook: Double = 0, lateWebhook: Double = 0,
        lateBy: Duration = defaultLateBy, transcriptServerError: Double = 0, insufficientBalance: Bool = false,
        numberSuffix: String? = nil
    ) {
        self.dialServerError = dialServerError
        self.droppedResponse = droppedResponse
        self.droppedOnReusedConnection = droppedOnReusedConnection
        self.placedServerError = placedServerError
        self.duplicateWebhook = duplicateWebhook
        self.outOfOrderWebhooks = outOfOrderWebhooks
        self.missingWebhook = missingWebhook
        self.lateWebhook = lateWebhook
        self.lateBy = lateBy
        self.transcriptServerError = transcriptServerError
        self.insufficientBalance = insufficientBalance
        self.numberSuffix = numberSuffix
    }

    /// The faults that apply to a call to `number`: these, or none when `numberSuffix` does not match.
    public func applying(to number: String) -> Faults {
        guard let numberSuffix, !number.hasSuffix(numberSuffix) else { return self }
        return Faults()
    }

    enum CodingKeys: String, CodingKey {
        case dialServerError = "dial_server_error"
        case droppedResponse = "dropped_response"
        case droppedOnReusedConnection = "dropped_on_reused_connection"
        case placedServerError = "placed_server_error"
        case duplicateWebhook = "duplicate_webhook"
        case outOfOrderWebhooks = "out_of_order_webhooks"
        case missingWebhook = "missing_webhook"
        case lateWebhook = "late_webhook"
        case lateByMilliseconds = "late_by_ms"
        case transcriptServerError = "transcript_server_error"
        case insufficientBalance = "insufficient_balance"
        case numberSuffix = "number_suffix"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        func rate(_ key: CodingKeys) throws -> Double {
            let value = try container.decodeIfPresent(Double.self, forKey: key) ?? 0
            guard (0...1).contains(value) else {
                throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: "a rate is 0…1")
            }
            return value
        }
        dialServerError = try rate(.dialServerError)
        droppedResponse = try rate(.droppedResponse)
        droppedOnReusedConnection = try rate(.droppedOnReusedConnection)
        placedServerError = try rate(.placedServerError)
        duplicateWebhook = try rate(.duplicateWebhook)
        outOfOrderWebhooks = try rate(.outOfOrderWebhooks)
        missingWebhook = try rate(.missingWebhook)
        lateWebhook = try rate(.lateWebhook)
        let lateMilliseconds = try container.decodeIfPresent(Int64.self, forKey: .lateByMilliseconds)
        lateBy = lateMilliseconds.map { .milliseconds(max($0, 0)) } ?? Self.defaultLateBy
        transcriptServerError = try rate(.transcriptServerError)
        insufficientBalance = try container.decodeIfPresent(Bool.self, forKey: .insufficientBalance) ?? false
        numberSuffix = try container.decodeIfPresent(String.self, forKey: .numberSuffix)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(dialServerError, forKey: .dialServerError)
        try container.encode(droppedResponse, forKey: .droppedResponse)
        try container.encode(droppedOnReusedConnection, forKey: .droppedOnReusedConnection)
        try container.encode(placedServerError, forKey: .placedServerError)
        try container.encode(duplicateWebhook, forKey: .duplicateWebhook)
        try container.encode(outOfOrderWebhooks, forKey: .outOfOrderWebhooks)
        try container.encode(missingWebhook, forKey: .missingWebhook)
        try container.encode(lateWebhook, forKey: .lateWebhook)
        let (seconds, attoseconds) = lateBy.components
        try container.encode(seconds * 1000 + attoseconds / 1_000_000_000_000_000, forKey: .lateByMilliseconds)
        try container.encode(transcriptServerError, forKey: .transcriptServerError)
        try container.encode(insufficientBalance, forKey: .insufficientBalance)
        try container.encodeIfPresent(numberSuffix, forKey: .numberSuffix)
    }
}
