import Foundation
import Postgres
import Reminders
import RemindersStore
import VoiceAPI
import Worker

/// `reminders report --campaign NAME [--run ID] [--format text|csv|json|html] [--output FILE]`.
enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        summary: "Write a campaign's completion report (text, CSV for staff follow-up, JSON, or an HTML page).",
        options: [
            .init("campaign", value: "NAME", help: "The campaign to report on (required)."),
            .init("run", value: "ID", help: "Only the attempts of this run, and the contacts they called."),
            .init("format", value: "FORMAT", help: "text (default), csv, json or html."),
            .init("output", value: "FILE", help: "Write to FILE (created readable by its owner only) instead of standard output."),
            .init("with-transcripts", help: "JSON only: add completed calls' transcripts and recording details from the provider (paced, slow)."),
            Settings.databaseURL,
            Settings.logLevel,
        ],
        discussion: """
            Figures come from one database snapshot. The CSV and HTML hold full phone numbers for staff: \
            keep them private. The JSON keys are a contract (see README "Report JSON").
            """
    )

    /// Completed calls whose transcripts one report fetches: at 30 requests a minute and up to two
    /// requests a call, 300 calls take at most 20 minutes.
    static let maxTranscriptCalls = 300

    /// Bytes gathered before writing out: few system calls, bounded memory over a million rows.
    static let writeChunkBytes = 1 << 16

    static func run(_ arguments: ParsedArguments, _ context: CommandContext) throws -> Int32 {
        guard let name = arguments.value("campaign") else { throw UsageError("report needs --campaign NAME", usage: spec.usage) }
        let formatName = arguments.value("format") ?? "text"
        guard let format = ReportFormat(rawValue: formatName) else {
            throw UsageError("unknown report format \"\(formatName)\" (text, csv, json, html)", usage: spec.usage)
        }
        var runID: Int64?
        if let text = arguments.value("run") {
            guard let id = Int64(text), id > 0 else { throw UsageError("--run takes a run id (a positive integer)", usage: spec.usage) }
            runID = id
        }
        let withTranscripts = arguments.flag("with-transcripts")
        if withTranscripts, format != .json {
            throw UsageError("--with-transcripts goes with --format json", usage: spec.usage)
        }
        let db = try Connection(url: try Settings.databaseURL(arguments, context))
        let stored = try CampaignStore.load(name: name, db)
        if let runID, try !RunRegistry.exists(runID, db) {
            throw CommandError("no run with id \(runID)")
        }
        let sink: ReportSink = if let path = arguments.value("output") {
            try .file(ReportFile(path: path))
        } else {
            .standardOutput(context.print)
        }
        var writer = ChunkedWriter(sink: sink)
        // Fetched before the report's snapshot is taken, so no transaction stays open while pacing.
        let transcripts = withTranscripts ? try fetchTranscripts(stored.id, runID, db, context) : nil
        var renderer = format.renderer()
        // One read-only snapshot, so the figures and the rows agree.
        try db.transaction(isolation: .repeatableRead, settings: ["transaction_read_only": "on"]) { tx in
            var report = try ReportQueries.report(for: stored, runID: runID, generatedAt: Date(), tx)
            report.transcripts = transcripts
            try writer.write(renderer.begin(report))
            if renderer.rowStatuses?.isEmpty != true {
                try ReportQueries.forEachContactRow(campaignID: stored.id, runID: runID, statuses: renderer.rowStatuses,
                                                    fields: stored.campaign.reportFields, tx) { row in
                    try writer.write(renderer.row(row))
                }
            }
            try writer.write(renderer.end())
        }
        try writer.finish()
        if let path = arguments.value("output") {
            context.printError("Wrote the \(format.rawValue) report for \(name) to \(path)")
        }
        return 0
    }
}

extension ReportCommand {
    /// Transcripts and recording details of the campaign's completed calls, paced by the shared
    /// `transcript` bucket; a call whose details cannot be fetched carries the reason.
    static func fetchTranscripts(_ campaignID: Int64, _ runID: Int64?, _ db: Connection,
                                 _ context: CommandContext) throws -> [CallTranscript] {
        let client: VoiceClient
        do {
            client = try Settings.voiceClient(context)
        } catch {
            throw CommandError("--with-transcripts needs the provider: \(error)")
        }
        let (calls, total) = try ReportQueries.completedCalls(
            campaignID: campaignID, runID: runID, limit: maxTranscriptCalls, db)
        if total > calls.count {
            context.printError("Fetching transcripts of the first \(calls.count) of \(total) completed calls")
        }
        do {
            return try TranscriptFetcher(db: db, client: client, stopRequested: context.stopRequested).fetch(calls)
        } catch let error as OperatorError {
            throw CommandError(error.description)
        }
    }
}

/// Where a report goes: a new private file, or standard output (through the context, for tests).
private enum ReportSink {
    case file(ReportFile)
    case standardOutput(@Sendable (String) -> Void)
}

/// Gathers report text into chunks before handing it to the sink.
private struct ChunkedWriter {
    let sink: ReportSink
    var pending = ""

    init(sink: ReportSink) {
        self.sink = sink
        pending.reserveCapacity(ReportCommand.writeChunkBytes * 2)
    }

    mutating func write(_ text: String) throws {
        pending += text
        guard pending.utf8.count >= ReportCommand.writeChunkBytes else { return }
        switch sink {
        case .file(let file):
            try file.write(pending)
            pending.removeAll(keepingCapacity: true)
        case .standardOutput(let print):
            // `print` ends each piece with a newline: hand over whole lines only. Bytes, not
            // Characters: CRLF is one Character, so a Character search for "\n" would miss it.
            let bytes = pending.utf8
            guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return }
            print(String(decoding: bytes[..<lastNewline], as: UTF8.self))
            pending = String(decoding: bytes[bytes.index(after: lastNewline)...], as: UTF8.self)
        }
    }

    mutating func finish() throws {
        switch sink {
        case .file(let file):
            try file.write(pending)
            try file.commit()
        case .standardOutput(let print):
            if pending.utf8.last == UInt8(ascii: "\n") {
                pending = String(decoding: pending.utf8.dropLast(), as: UTF8.self)
            }
            if !pending.isEmpty { print(pending) }
        }
        pending = ""
    }
}

/// A report file created with mode 0600 from the start (never widened then narrowed): written to a
/// temporary name beside the target, then renamed over it, so a reader never sees half a report.
private final class ReportFile {
    let path: String
    let temporaryPath: String
    private var descriptor: Int32

    init(path: String) throws {
        self.path = path
        temporaryPath = path + ".tmp-\(getpid())"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CommandError("cannot create \(temporaryPath): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        if descriptor >= 0 {
            close(descriptor)
            unlink(temporaryPath)
        }
    }

    func write(_ text: String) throws {
        var text = text
        try text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))")
                }
                offset += written
            }
        }
    }

    func commit() throws {
        guard fsync(descriptor) == 0, close(descriptor) == 0 else {
            throw CommandError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
        descriptor = -1
        guard rename(temporaryPath, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporaryPath)
            throw CommandError("cannot write \(path): \(reason)")
        }
    }
}
