import CLibPQ

/// Pipelines: several statements sent in one round trip (libpq's pipeline mode), for hot paths
/// where waiting for each answer before sending the next is most of the time spent.
extension Connection {
    /// Runs `queries` in order as if sent one by one, but in one round trip, and returns each
    /// one's rows. The first failure is thrown and the statements after it do not run; inside a
    /// transaction that leaves it failed, as a failed `query` would.
    ///
    /// A transaction may open or close inside the pipeline (`BEGIN`, `COMMIT` as statements).
    /// Outside one, the statements form one implicit transaction, as the extended protocol has it:
    /// a failure undoes the statements before it too.
    public func pipeline(_ queries: [Query]) throws -> [Rows] {
        try reconnectIfNeeded()
        // Preparing is synchronous, which pipeline mode forbids: prepare first.
        let names = try queries.map { try preparedName(for: $0) }
        guard PQenterPipelineMode(handle) == 1 else { throw connectionError(kind: .misuse) }
        var rows: [Rows] = []
        var failure: (any Error)?
        for (query, name) in zip(queries, names) {
            let count = Int32(query.binds.count)
            let sent = withBinds(query.binds) { types, values in
                if let name { PQsendQueryPrepared(handle, name, count, values, nil, nil, 0) }
                else { PQsendQueryParams(handle, query.sql, count, types, values, nil, nil, 0) }
            }
            guard sent == 1 else {
                failure = connectionError(kind: .server)
                break
            }
        }
        if failure == nil, PQpipelineSync(handle) != 1 { failure = connectionError(kind: .server) }
        if failure == nil {
            failure = collectResults(expected: queries.count, into: &rows)
        }
        if PQexitPipelineMode(handle) != 1 {
            // Results are still pending (the answers stopped short): the session cannot be trusted
            // to line up statements and answers again, so start a new one.
            failure = failure ?? connectionError(kind: .connectionLost)
            try? startNewSession()
        }
        if let failure { throw failure }
        return rows
    }

    /// Reads each statement's result, then the sync point; returns the first failure.
    private func collectResults(expected: Int, into rows: inout [Rows]) -> (any Error)? {
        var failure: (any Error)?
        for _ in 0..<expected {
            guard let result = PQgetResult(handle) else { return failure ?? connectionError(kind: .server) }
            if PQresultStatus(result) == PGRES_PIPELINE_ABORTED {
                PQclear(result)  // skipped after an earlier failure, which is already kept
            } else {
                do {
                    rows.append(try Rows(checking: result, of: self))
                } catch {
                    failure = failure ?? error
                }
            }
            // Each statement's results end with a NULL; anything before it is not ours to keep.
            while let extra = PQgetResult(handle) { PQclear(extra) }
            if PQstatus(handle) != CONNECTION_OK { return failure ?? connectionError(kind: .server) }
        }
        guard let sync = PQgetResult(handle) else { return failure ?? connectionError(kind: .server) }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        return failure ?? (synced ? nil : connectionError(kind: .server))
    }
}
