/// The `voice-sim` command line, parsed without IO so it can be tested.
public struct SimulatorArguments: Sendable {
    public var host = "127.0.0.1"
    public var port: UInt16 = 0
    public var configuration: SimulatorConfiguration
    /// True when `--help` was asked for.
    public var showHelp = false

    /// Parses `arguments` (without the program name); `VOICE_API_KEY` in `environment` supplies a missing `--api-key`.
    public static func parse(_ arguments: [String], environment: [String: String]) throws(ArgumentError)
        -> SimulatorArguments
    {
        var parsed = SimulatorArguments(configuration: SimulatorConfiguration(apiKey: ""))
        var configuration = parsed.configuration
        var apiKey = environment["VOICE_API_KEY"]
        var remaining = arguments[...]

        func value(_ flag: String) throws(ArgumentError) -> String {
            guard let next = remaining.popFirst() else { throw ArgumentError("\(flag) needs a value") }
            return next
        }
        func rate(_ flag: String) throws(ArgumentError) -> Double {
            let text = try value(flag)
            guard let rate = Double(text), (0...1).contains(rate) else {
                throw ArgumentError("\(flag) takes a rate from 0 to 1, not \(text)")
            }
            return rate
        }
        func count(_ flag: String) throws(ArgumentError) -> Int {
            let text = try value(flag)
            guard let number = Int(text), number >= 0 else {
                throw ArgumentError("\(flag) takes a non-negative integer, not \(text)")
            }
            return number
        }
        func duration(_ flag: String) throws(ArgumentError) -> Duration {
            let text = try value(flag)
            guard let duration = parseDuration(text) else {
                throw ArgumentError("\(flag) takes a duration like 250ms, 45s, 2m or 1h, not \(text)")
            }
            return duration
        }

        while let flag = remaining.popFirst() {
            switch flag {
            case "--help", "-h": parsed.showHelp = true
            case "--listen":
                let text = try value(flag)
                guard let (host, port) = parseListen(text) else {
                    throw ArgumentError("--listen takes HOST:PORT (port 0 for any free port), not \(text)")
                }
                parsed.host = host
                parsed.port = port
            case "--seed":
                let text = try value(flag)
                guard let seed = UInt64(text) else { throw ArgumentError("--seed takes a non-negative integer, not \(text)") }
                configuration.seed = seed
            case "--api-key": apiKey = try value(flag)
            case "--outcomes":
                let text = try value(flag)
                guard let policy = OutcomePolicy(rawValue: text) else { throw ArgumentError("--outcomes takes rules or mix") }
                configuration.outcomes = policy
            case "--window": configuration.limits.window = try duration(flag)
            case "--dial-limit": configuration.limits.perWindow[.dial] = try count(flag)
            case "--session-limit": configuration.limits.perWindow[.session] = try count(flag)
            case "--status-limit": configuration.limits.perWindow[.status] = try count(flag)
            case "--list-limit": configuration.limits.perWindow[.list] = try count(flag)
            case "--timing":
                switch try value(flag) {
                case "realistic": configuration.timing = .realistic
                case "fast": configuration.timing = .fast
                default: throw ArgumentError("--timing takes realistic or fast")
                }
            case "--ring": configuration.timing.ring = try duration(flag)
            case "--answer": configuration.timing.answer = try duration(flag)
            case "--talk": configuration.timing.talk = try duration(flag)
            case "--no-answer-after": configuration.timing.noAnswerAfter = try duration(flag)
            case "--fail-dials": configuration.faults.dialServerError = try rate(flag)
            case "--drop-responses": configuration.faults.droppedResponse = try rate(flag)
            case "--drop-on-reuse": configuration.faults.droppedOnReusedConnection = try rate(flag)
            case "--gateway-errors": configuration.faults.placedServerError = try rate(flag)
            case "--duplicate-webhooks": configuration.faults.duplicateWebhook = try rate(flag)
            case "--reorder-webhooks": configuration.faults.outOfOrderWebhooks = try rate(flag)
            case "--lose-webhooks": configuration.faults.missingWebhook = try rate(flag)
            case "--late-webhooks": configuration.faults.lateWebhook = try rate(flag)
            case "--late-by": configuration.faults.lateBy = try duration(flag)
            case "--fail-transcripts": configuration.faults.transcriptServerError = try rate(flag)
            case "--faults-only-for": configuration.faults.numberSuffix = try value(flag)
            case "--insufficient-balance": configuration.faults.insufficientBalance = true
            case "--drop-hold": configuration.droppedResponseHold = try duration(flag)
            case "--latency": configuration.latency = try duration(flag)
            case "--verified-caller-id": configuration.verifiedCallerIDs = (configuration.verifiedCallerIDs ?? []).union([try value(flag)])
            case "--webhook-timeout": configuration.webhooks.timeout = try duration(flag)
            case "--webhook-attempts":
                let attempts = try count(flag)
                guard attempts >= 1 else { throw ArgumentError("--webhook-attempts must be at least 1") }
                configuration.webhooks.maxAttempts = attempts
            case "--webhook-backoff": configuration.webhooks.backoff = try duration(flag)
            case "--webhook-secret": configuration.webhooks.secret = try value(flag)
            default: throw ArgumentError("unknown option \(flag) (see --help)")
            }
        }
        if !parsed.showHelp {
            guard let apiKey, !apiKey.isEmpty else { throw ArgumentError("no API key: pass --api-key or set VOICE_API_KEY") }
            configuration.apiKey = apiKey
        }
        parsed.configuration = configuration
        return parsed
    }

    /// Reads `250ms`, `45s`, `2m`, `1h`; a bare number is seconds.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(String, Int64)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)]
        for (suffix, milliseconds) in units where text.hasSuffix(suffix) {
            guard let number = Int64(text.dropLast(suffix.count)), number >= 0 else { return nil }
            return .milliseconds(number * milliseconds)
        }
        return Int64(text).flatMap { $0 >= 0 ? .seconds($0) : nil }
    }

    /// Reads `HOST:PORT` or `[IPv6]:PORT`.
    static func parseListen(_ text: String) -> (String, UInt16)? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]) else {
            return nil
        }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return host.isEmpty ? nil : (host, port)
    }

    /// The `--help` text.
    public static let usage = """
        usage: voice-sim [--listen HOST:PORT] [--api-key KEY] [options]

        A local simulator of the voice provider's API, for the demo, tests and benchmarks.
        Prints "voice-sim listening on HOST:PORT" when ready; stops on SIGINT or SIGTERM.

          --listen HOST:PORT        address to listen on (default 127.0.0.1:0, any free port)
          --api-key KEY             bearer key clients must send (default: $VOICE_API_KEY)
          --seed N                  seed for call ids, the outcome mix and fault draws (default 1)
          --outcomes rules|mix      rules: by the number's last digit, 0-5 completed, 6 no_answer,
                                    7 busy, 8 failed, 9 no_answer; mix: 60/20/10/10 from the seed
        Rate limits (sliding window, answered 429 with Retry-After):
          --window D                window length (default 60s)
          --dial-limit N            dials per window (default 10)
          --session-limit N         POST /voice/start per window (default 30)
          --status-limit N          GET /voice/status per window (default 60)
          --list-limit N            GET /voice/sessions per window (default 30)
        Call timing (durations like 250ms, 45s, 2m):
          --timing realistic|fast   preset (default realistic: ring 2s, answer 6s, talk 30s)
          --ring D  --answer D  --talk D  --no-answer-after D
          --latency D               added before every API answer (default 0)
          --verified-caller-id N    the only from_number dials may use (repeatable; default: any E.164)
        Faults (rates from 0 to 1):
          --fail-dials R            dials answered 503 (no call placed)
          --drop-responses R        dials accepted whose answer is held back (the call happens)
          --drop-on-reuse R         dials on a reused kept-alive connection: accepted, then the connection
                                    closes unanswered (the call happens)
          --gateway-errors R        dials answered 502 after the call was placed (the call happens)
          --drop-hold D             how long a dropped answer holds the connection before closing it (default 0s)
          --duplicate-webhooks R    webhooks sent twice
          --reorder-webhooks R      calls whose last two webhooks arrive swapped
          --lose-webhooks R         webhooks never sent
          --late-webhooks R         webhooks sent late (by --late-by, default 2s)
          --fail-transcripts R      transcript reads answered 503
          --insufficient-balance    every dial answered 402
          --faults-only-for DIGITS  apply faults only to numbers ending in DIGITS
        Webhook delivery (loopback URLs only):
          --webhook-timeout D       wait for a receiver's answer (default 10s)
          --webhook-attempts N      attempts per webhook answered non-2xx (default 5)
          --webhook-secret S        sign deliveries (X-Webhook-Signature, -Timestamp, -Delivery-Id)
          --webhook-backoff D       first retry delay, doubled each time (default 1s)

        Test endpoints (no key): GET /_sim/log, POST /_sim/config {"faults": {...}, "outcomes": "mix"}
        """
}

/// A command-line mistake, said in one line.
public struct ArgumentError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    init(_ description: String) {
        self.description = description
    }
}
