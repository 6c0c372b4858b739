/// Faults the simulator injects, each as a rate from 0 (never) to 1 (always, deterministic).
///
/// Decisions draw from the simulator's seeded generator, so a seeded run repeats.
/// In `POST /_sim/config`, a missing field means 0.
public struct Faults: Sendable, Equatable, Codable {
    /// Dials answered 503 without placing a call.
    public var dialServerError: Double
    /// Dials accepted (the call happens!) whose response is never sent.
    public var droppedResponse: Double
    /// Per webhook: sent twice.
    public var duplicateWebhook: Double
    /// Per call: the change before the terminal one is delivered after it.
    public var outOfOrderWebhooks: Double
    /// Per webhook: never sent.
    public var missingWebhook: Double
    /// Every dial answered 402, as when the account's balance is exhausted.
    public var insufficientBalance: Bool

    public init(
        dialServerError: Double = 0, droppedResponse: Double = 0, duplicateWebhook: Double = 0,
        outOfOrderWebhooks: Double = 0, missingWebhook: Double = 0, insufficientBalance: Bool = false
    ) {
        self.dialServerError = dialServerError
        self.droppedResponse = droppedResponse
        self.duplicateWebhook = duplicateWebhook
        self.outOfOrderWebhooks = outOfOrderWebhooks
        self.missingWebhook = missingWebhook
        self.insufficientBalance = insufficientBalance
    }

    enum CodingKeys: String, CodingKey {
        case dialServerError = "dial_server_error"
        case droppedResponse = "dropped_response"
        case duplicateWebhook = "duplicate_webhook"
        case outOfOrderWebhooks = "out_of_order_webhooks"
        case missingWebhook = "missing_webhook"
        case insufficientBalance = "insufficient_balance"
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
        duplicateWebhook = try rate(.duplicateWebhook)
        outOfOrderWebhooks = try rate(.outOfOrderWebhooks)
        missingWebhook = try rate(.missingWebhook)
        insufficientBalance = try container.decodeIfPresent(Bool.self, forKey: .insufficientBalance) ?? false
    }
}
