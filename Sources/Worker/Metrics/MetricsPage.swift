import RemindersStore

/// The `/metrics` page: in-process counters plus, when the database answers, its figures.
enum MetricsPage {
    static func render(_ metrics: ReceiverMetrics, database: DatabaseMetrics?) -> String {
        var page = PrometheusText()
        let (requests, events) = metrics.snapshot()
        page.family("reminders_http_requests_total", type: "counter", help: "HTTP responses by route and status.")
        for (key, count) in requests {
            page.sample("reminders_http_requests_total", ["route": key.route, "status": String(key.status)], Int64(count))
        }
        page.family("reminders_webhook_events_total", type: "counter", help: "Webhook events stored, by status and disposition.")
        for (key, count) in events {
            page.sample("reminders_webhook_events_total", ["status": key.status, "disposition": key.disposition], Int64(count))
        }
        page.family("reminders_database_up", type: "gauge", help: "Whether the database answered this scrape.")
        page.sample("reminders_database_up", [:], database == nil ? 0 : 1)
        guard let database else { return page.text }
        page.family("reminders_rate_granted_total", type: "counter", help: "Provider requests granted by the shared rate limiter (dials: endpoint dial).")
        for bucket in database.buckets {
            page.sample("reminders_rate_granted_total", ["account": bucket.account, "endpoint": bucket.endpoint], bucket.granted)
        }
        page.family("reminders_rate_limited_total", type: "counter", help: "429 answers from the provider, by account and endpoint.")
        for bucket in database.buckets {
            page.sample("reminders_rate_limited_total", ["account": bucket.account, "endpoint": bucket.endpoint], bucket.rateLimited)
        }
        page.family("reminders_attempts", type: "gauge", help: "Call attempts by state.")
        for (state, count) in database.attemptsByState {
            page.sample("reminders_attempts", ["state": state], count)
        }
        return page.text
    }
}
