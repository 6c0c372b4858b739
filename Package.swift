// swift-tools-version:6.0
// The reminder-call runner: no package dependencies, only Foundation and libpq.
import PackageDescription

/// Settings every target shares: Swift 6 strict concurrency and the upcoming features the
/// codebase relies on (see STYLE.md).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "reminders",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "reminders", targets: ["reminders"]),
        .executable(name: "voice-sim", targets: ["voice-sim"]),
    ],
    targets: [
        // libpq through pkg-config; `apt-get install libpq-dev` provides it.
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        // RFC 3339 timestamps and civil-date arithmetic, by hand: fast and thread-safe.
        .target(name: "Timestamps", swiftSettings: strictSettings),
        // JSON by hand: a strict RFC 8259 parser into `JSONValue`, and string quoting for writers.
        .target(name: "JSON", swiftSettings: strictSettings),
        // logfmt log lines with phone numbers masked; used by every target that logs.
        .target(name: "Logging", dependencies: ["JSON", "Timestamps"], swiftSettings: strictSettings),
        // A small, domain-free libpq wrapper: the only code that touches a libpq pointer.
        .target(name: "Postgres", dependencies: ["CLibPQ", "Timestamps"], swiftSettings: strictSettings),
        // Pure domain logic: campaigns, contacts, scheduling. No IO.
        .target(name: "Reminders", dependencies: ["JSON", "Logging", "Timestamps"], swiftSettings: strictSettings),
        // The Postgres side of the domain: migrations, import, claims, rate limiting, events.
        .target(name: "RemindersStore", dependencies: ["Postgres", "Reminders", "Logging"], swiftSettings: strictSettings),
        // A strict HTTP/1.1 server on POSIX sockets (webhooks, health, metrics, the simulator).
        .target(name: "HTTPServer", swiftSettings: strictSettings),
        // The provider's Voice API: client, dial results, webhook events.
        .target(name: "VoiceAPI", dependencies: ["JSON", "Logging", "Timestamps"], swiftSettings: strictSettings),
        // A local simulator of the provider, for the demo, the tests and the benchmarks.
        .target(name: "VoiceSimulator", dependencies: ["HTTPServer", "JSON", "VoiceAPI", "Timestamps"], swiftSettings: strictSettings),
        .executableTarget(name: "voice-sim", dependencies: ["VoiceSimulator"], swiftSettings: strictSettings),
        // The worker: the dispatcher (claims, rate limit, dials, reconciliation, polling) and the
        // webhook receiver (events, outcomes, health, metrics).
        .target(
            name: "Worker",
            dependencies: ["RemindersStore", "Reminders", "Postgres", "VoiceAPI", "HTTPServer", "JSON", "Logging"],
            swiftSettings: strictSettings
        ),
        // The command line: argument parsing and one file per command, calling the libraries.
        .target(
            name: "RemindersCLI",
            dependencies: ["Postgres", "Reminders", "RemindersStore", "Logging", "VoiceAPI", "Worker", "HTTPServer", "Timestamps"],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "reminders", dependencies: ["RemindersCLI", "Logging"], swiftSettings: strictSettings),

        // Test support shared by the tests that need a real Postgres (a fresh database per test).
        .target(name: "TestSupport", dependencies: ["Postgres", "Reminders", "RemindersStore"], path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "PostgresTests", dependencies: ["Postgres", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "RemindersTests", dependencies: ["Reminders"], swiftSettings: strictSettings),
        .testTarget(name: "RemindersStoreTests", dependencies: ["RemindersStore", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "RemindersCLITests", dependencies: ["RemindersCLI", "Logging", "TestSupport", "Postgres"], swiftSettings: strictSettings),
        .testTarget(
            name: "WorkerTests",
            dependencies: ["Worker", "RemindersStore", "Reminders", "Postgres", "VoiceAPI", "VoiceSimulator", "HTTPServer", "Logging", "TestSupport"],
            swiftSettings: strictSettings
        ),
        // Whole-program tests: the built `reminders` and `voice-sim` executables as separate processes.
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["Postgres", "TestSupport", "VoiceSimulator", "VoiceAPI"],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "TimestampsTests", dependencies: ["Timestamps"], swiftSettings: strictSettings),
        .testTarget(name: "LoggingTests", dependencies: ["Logging"], swiftSettings: strictSettings),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"], swiftSettings: strictSettings),
        .testTarget(name: "VoiceAPITests", dependencies: ["VoiceAPI", "VoiceSimulator", "HTTPServer"], swiftSettings: strictSettings),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "VoiceSimulator"], swiftSettings: strictSettings),
        .testTarget(name: "VoiceSimulatorTests", dependencies: ["VoiceSimulator", "VoiceAPI", "HTTPServer", "TestSupport"], swiftSettings: strictSettings),
    ]
)
