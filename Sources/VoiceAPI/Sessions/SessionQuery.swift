public import Foundation

/// The filters of `GET /voice/sessions`.
public struct SessionQuery: Sendable, Equatable {
    /// The most rows the provider returns per page.
    public static let maxLimit = 100

    public var agentID: String?
    /// The provider filters on `completed`, `failed` or `in_progress`.
    public var status: CallStatus?
    /// Rows per page, 1…100 (the provider's default is 20).
    public var limit: Int?
    public var offset: Int?
    public var startDate: Date?
    public var endDate: Date?

    public init(
        agentID: String? = nil, status: CallStatus? = nil, limit: Int? = nil, offset: Int? = nil,
        startDate: Date? = nil, endDate: Date? = nil
    ) {
        self.agentID = agentID
        self.status = status
        self.limit = limit
        self.offset = offset
        self.startDate = startDate
        self.endDate = endDate
    }

    /// The query string items, in a stable order.
    var items: [(String, String)] {
        var items: [(String, String)] = []
        if let agentID { items.append(("agent_id", agentID)) }
        if let status { items.append(("status", status.wireValue)) }
        if let limit { items.append(("limit", String(min(max(limit, 1), Self.maxLimit)))) }
        if let offset { items.append(("offset", String(max(offset, 0)))) }
        if let startDate { items.append(("start_date", ISO8601.format(startDate))) }
        if let endDate { items.append(("end_date", ISO8601.format(endDate))) }
        return items
    }
}
