public import Foundation

/// `GET /voice/status/{id}`: where a call stands now.
public struct CallStatusReport: Sendable, Equatable {
    public var callID: String
    public var status: CallStatus
    /// Talk time in seconds, once known.
    public var duration: Int?
    public var recordingID: String?

    public init(callID: String, status: CallStatus, duration: Int? = nil, recordingID: String? = nil) {
        self.callID = callID
        self.status = status
        self.duration = duration
        self.recordingID = recordingID
    }
}

/// One row of `GET /voice/sessions`.
public struct SessionSummary: Sendable, Equatable {
    public var callID: String
    public var status: CallStatus
    public var toNumber: String?
    public var agentID: String?
    public var createdAt: Date?
}

/// A page of `GET /voice/sessions` and the total count matching the filters.
public struct SessionPage: Sendable, Equatable {
    public var sessions: [SessionSummary]
    public var total: Int
}

/// `GET /voice/sessions/{id}`: one call in full.
public struct SessionDetails: Sendable, Equatable {
    public var callID: String
    public var status: CallStatus
    public var agentID: String?
    public var toNumber: String?
    public var fromNumber: String?
    public var createdAt: Date?
    public var duration: Int?
    public var recordingID: String?
    public var reason: String?
}

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

/// `GET /v1/widget/transcript/{id}`: what was said, in order.
public struct Transcript: Sendable, Equatable {
    /// One turn of the conversation.
    public struct Entry: Sendable, Equatable {
        public var role: String
        public var text: String
    }

    public var sessionID: String
    public var entries: [Entry]
}

/// `GET /voice/recording/{id}`: where a recording can be fetched.
public struct Recording: Sendable, Equatable {
    public var recordingID: String
    public var callID: String?
    public var url: String?
    public var duration: Int?
}

/// `POST /voice/start`: what a browser needs to join a WebRTC session.
public struct WebSession: Sendable, Equatable, CustomStringConvertible {
    public var sessionID: String
    /// A bearer secret for the media server; never printed.
    public var token: String
    public var livekitURL: String

    public var description: String { "WebSession(\(sessionID), token: redacted, \(livekitURL))" }
}
