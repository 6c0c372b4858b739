import VoiceAPI

/// Why an operator tool could not finish; the message names the provider's endpoint.
public struct OperatorError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) { self.description = description }

    /// The provider refused or did not answer `endpoint`.
    static func provider(_ endpoint: String, _ error: VoiceAPIError) -> OperatorError {
        OperatorError("\(endpoint): \(error)")
    }
}
