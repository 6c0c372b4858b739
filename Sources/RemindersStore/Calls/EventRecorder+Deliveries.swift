import Foundation
import Postgres

extension EventRecorder {
    /// Signed deliveries seen (`webhook_deliveries`), so that a delivery the provider repeats, or
    /// one replayed while its signature is still fresh, is applied once.
    enum Deliveries {
        /// Remembers `ids` and returns those not seen before; forgets ids older than `deliveryMemory`.
        /// Runs in the batch's transaction, so an id is remembered only if its event is committed.
        static func remember(_ ids: [String], now: Date) -> Query {
            """
            WITH forgotten AS (
                DELETE FROM webhook_deliveries WHERE received_at < \(now.addingTimeInterval(-deliveryMemory))::timestamptz
            )
            INSERT INTO webhook_deliveries (delivery_id, received_at)
            SELECT DISTINCT id, \(now)::timestamptz FROM unnest(\(ids)::text[]) AS id
            ON CONFLICT (delivery_id) DO NOTHING
            RETURNING delivery_id
            """
        }

        /// The positions of items delivered before: an id `remember` did not return, or one that
        /// came earlier in the same batch. `rows` is `nil` when no item had an id.
        static func repeated(_ items: [Item], in rows: Rows?) throws -> Set<Int> {
            guard let rows else { return [] }
            var fresh = Set(try rows.map { try $0.decode("delivery_id", as: String.self) })
            var repeated: Set<Int> = []
            for (index, item) in items.enumerated() {
                guard let id = item.deliveryID else { continue }
                if fresh.remove(id) == nil { repeated.insert(index) }
            }
            return repeated
        }
    }
}
