/// `POST /voice/start`: what a browser needs to join a WebRTC session.
public struct WebSession: Sendable, Equatable, CustomStringConvertible {
    public var sessionID: String
    /// A bearer secret for the media server; never printed.
    public var token: String
    public var livekitURL: String

    public var description: String { "WebSession(\(sessionID), token: redacted, \(livekitURL))" }
}
