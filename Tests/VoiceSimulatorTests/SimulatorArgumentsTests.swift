import Testing
import VoiceSimulator

@Suite struct SimulatorArgumentsTests {
    @Test func parsesEveryKindOfFlag() throws {
        let arguments = try SimulatorArguments.parse(
            [
                "--listen", "127.0.0.1:8099", "--seed", "7", "--api-key", "k", "--outcomes", "mix", "--window", "2s",
                "--dial-limit", "600", "--timing", "fast", "--talk", "250ms", "--fail-dials", "0.5",
                "--duplicate-webhooks", "1", "--webhook-attempts", "3", "--webhook-backoff", "100ms",
            ], environment: [:])
        #expect(arguments.host == "127.0.0.1")
        #expect(arguments.port == 8099)
        let configuration = arguments.configuration
        #expect(configuration.seed == 7)
        #expect(configuration.apiKey == "k")
        #expect(configuration.outcomes == .mix)
        #expect(configuration.limits.window == .seconds(2))
        #expect(configuration.limits.perWindow[.dial] == 600)
        #expect(configuration.limits.perWindow[.status] == 60)
        #expect(configuration.timing.talk == .milliseconds(250))
        #expect(configuration.timing.ring == CallTiming.fast.ring)
        #expect(configuration.faults.dialServerError == 0.5)
        #expect(configuration.faults.duplicateWebhook == 1)
        #expect(configuration.webhooks.maxAttempts == 3)
        #expect(configuration.webhooks.backoff == .milliseconds(100))
    }

    @Test func keyFromEnvironmentAndIPv6() throws {
        let arguments = try SimulatorArguments.parse(["--listen", "[::1]:0"], environment: ["VOICE_API_KEY": "env"])
        #expect(arguments.configuration.apiKey == "env")
        #expect(arguments.host == "::1")
        #expect(arguments.port == 0)
    }

    @Test(arguments: [
        (["--listen", "nowhere"], "--listen takes HOST:PORT (port 0 for any free port), not nowhere"),
        (["--api-key", "k", "--fail-dials", "2"], "--fail-dials takes a rate from 0 to 1, not 2"),
        (["--api-key", "k", "--window", "soon"], "--window takes a duration like 250ms, 45s, 2m or 1h, not soon"),
        (["--api-key", "k", "--bogus"], "unknown option --bogus (see --help)"),
        (["--seed"], "--seed needs a value"),
        ([], "no API key: pass --api-key or set VOICE_API_KEY"),
    ])
    func mistakes(arguments: [String], message: String) {
        #expect(throws: ArgumentError.self) { try SimulatorArguments.parse(arguments, environment: [:]) }
        do {
            _ = try SimulatorArguments.parse(arguments, environment: [:])
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func helpNeedsNoKey() throws {
        #expect(try SimulatorArguments.parse(["--help"], environment: [:]).showHelp)
    }

    @Test(arguments: [("250ms", Duration.milliseconds(250)), ("45s", .seconds(45)), ("2m", .seconds(120)), ("1h", .seconds(3600)), ("5", .seconds(5))])
    func durations(text: String, duration: Duration) {
        #expect(SimulatorArguments.parseDuration(text) == duration)
    }
}

extension SimulatorArgumentsTests {
    @Test func latencyFlag() throws {
        let arguments = try SimulatorArguments.parse(["--api-key", "k", "--latency", "20ms"], environment: [:])
        #expect(arguments.configuration.latency == .milliseconds(20))
    }
}
