/// A page of `GET /voice/sessions` and the total count matching the filters.
public struct SessionPage: Sendable, Equatable {
    public var sessions: [SessionSummary]
    public var total: Int
}
