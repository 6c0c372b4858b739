import VoiceAPI

extension SimulatorCore {
    /// Queues the webhooks for `changes`, applying the webhook faults; refuses non-loopback URLs.
    mutating func planWebhooks(for call: SimulatedCall, changes: [StatusChange], at now: Duration) {
        guard let url = call.request.webhookURL else { return }
        guard WebhookTarget.isLoopback(url) else {
            var entry = logEntry(kind: .webhook, at: now)
            entry.callID = call.id
            entry.note = "refused: webhook_url is not a loopback address"
            append(entry)
            return
        }
        let faults = configuration.faults.applying(to: call.request.toNumber)
        var planned: [(change: StatusChange, due: Duration)] = changes.map { ($0, $0.at) }
        // Out of order: the change before the terminal one arrives just after it.
        if planned.count >= 2, random.chance(faults.outOfOrderWebhooks) {
            let last = planned.count - 1
            planned[last - 1].due = planned[last].due + .milliseconds(1)
            planned.swapAt(last - 1, last)
        }
        for (change, plannedDue) in planned {
            var due = plannedDue
            if random.chance(faults.lateWebhook) { due += faults.lateBy }
            if random.chance(faults.missingWebhook) {
                var entry = logEntry(kind: .webhook, at: now)
                entry.callID = call.id
                entry.event = change.status
                entry.note = "missing_webhook"
                append(entry)
                continue
            }
            let copies = random.chance(faults.duplicateWebhook) ? 2 : 1
            for _ in 0..<copies {
                enqueue(
                    PendingDelivery(
                        id: nextDeliveryID, callID: call.id, url: url, payload: payload(call.id, change),
                        event: change.status, eventAt: change.at, due: due, attempt: 1))
                nextDeliveryID += 1
            }
        }
    }

    /// The body the provider posts for one change (see voice-api.md, "Assumed").
    func payload(_ callID: String, _ change: StatusChange) -> [UInt8] {
        var fields: [(String, WireJSON)] = [
            ("event", .string("call." + change.status)), ("call_id", .string(callID)),
            ("status", .string(change.status)), ("timestamp", .string(timestamp(change.at))),
        ]
        if let duration = change.duration { fields.append(("duration", .int(duration))) }
        if let recordingID = change.recordingID { fields.append(("recording_id", .string(recordingID))) }
        if let reason = change.reason { fields.append(("reason", .string(reason))) }
        return WireJSON.object(fields).bytes
    }

    /// Inserts keeping `pending` sorted by due time; equal times keep insertion order.
    mutating func enqueue(_ delivery: PendingDelivery) {
        let index = pending.firstIndex { $0.due > delivery.due } ?? pending.endIndex
        pending.insert(delivery, at: index)
    }

    /// When the next webhook is due, if any.
    public var nextDeliveryDue: Duration? { pending.first?.due }

    /// Removes and returns the webhooks due at `now`, in the order to post them.
    public mutating func takeDueDeliveries(at now: Duration) -> [PendingDelivery] {
        let count = pending.prefix { $0.due <= now }.count
        let due = Array(pending.prefix(count))
        pending.removeFirst(count)
        return due
    }

    /// Records a delivery's answer (`status` nil when none came) and schedules a bounded, backed-off retry on failure.
    public mutating func deliveryFinished(_ delivery: PendingDelivery, status: Int?, note: String?, at now: Duration) {
        var entry = logEntry(kind: .webhook, at: now)
        entry.method = "POST"
        entry.callID = delivery.callID
        entry.event = delivery.event
        entry.attempt = delivery.attempt
        entry.status = status
        entry.note = note
        append(entry)
        if let status, (200..<300).contains(status) { return }
        guard delivery.attempt < configuration.webhooks.maxAttempts else { return }
        var retry = delivery
        retry.attempt += 1
        retry.due = now + configuration.webhooks.delay(afterAttempt: delivery.attempt)
        enqueue(retry)
    }
}
