import Foundation
import JSON

extension VoiceClient {
    /// `POST /voice/outbound/dial`: places one call and says, by class, what came of it.
    public func dial(_ request: DialRequest) -> DialResult {
        Self.dialResult(exchange("POST", "/voice/outbound/dial", body: request.jsonBody()), now: now())
    }

    /// Classifies a dial exchange; strict about the call id, since an accepted call must be trackable.
    ///
    /// A 5xx is ambiguous here, not transient as for the reading endpoints: a gateway in front of
    /// the provider may answer it after the request got through and the call was placed, so the
    /// call must be looked for before anyone dials that patient again.
    static func dialResult(_ outcome: HTTPExchangeOutcome, now: Date) -> DialResult {
        if case .response(let status, _, let body) = outcome, (500..<600).contains(status) {
            return .ambiguous("HTTP \(status): \(ResponseClassifier.providerMessage(body))")
        }
        switch ResponseClassifier.classify(outcome, now: now) {
        case .success(let body):
            guard let object = JSONValue.parse(body)?.object else {
                return .ambiguous("the provider accepted the dial but its answer is not a JSON object")
            }
            guard let callID = object.firstString("call_id", "session_id") else {
                return .ambiguous("the provider accepted the dial but named no call_id")
            }
            let status = object.firstString("status", "event").map(CallStatus.init(wireValue:)) ?? .initiating
            return .accepted(callID: callID, status: status)
        case .failure(.rateLimited(let retryAfter)):
            return .rateLimited(retryAfter: retryAfter)
        case .failure(.permanent(let status, let message)):
            return .permanent(status: status, message: message)
        case .failure(.transient(let reason)):
            return .transient(reason)
        case .failure(.ambiguous(let reason)), .failure(.invalidResponse(let reason)):
            return .ambiguous(reason)
        }
    }
}
