import RemindersCLI
import Testing

@Suite struct ArgumentParserTests {
    static let spec = CommandSpec(
        name: "import", summary: "Import.", positionals: ["FILE.csv"],
        options: [
            .init("campaign", value: "FILE", help: "Campaign file."),
            .init("dry-run", help: "Write nothing."),
            .init("tag", value: "T", repeatable: true, help: "Tags."),
        ])

    @Test func readsPositionalsOptionsAndFlags() throws {
        let parsed = try parseArguments(["a.csv", "--campaign", "c.json", "--dry-run", "--tag=x", "--tag", "y"], spec: Self.spec)
        #expect(parsed.positionals == ["a.csv"])
        #expect(parsed.value("campaign") == "c.json")
        #expect(parsed.flag("dry-run"))
        #expect(parsed.all("tag") == ["x", "y"])
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try parseArguments(["--", "--odd-name.csv"], spec: Self.spec)
        #expect(parsed.positionals == ["--odd-name.csv"])
    }

    @Test func helpSkipsPositionalChecks() throws {
        #expect(try parseArguments(["--help"], spec: Self.spec).wantsHelp)
    }

    @Test(arguments: [
        (["a.csv", "--bogus"], "unknown option --bogus for 'reminders import'"),
        (["a.csv", "-x"], "unknown option -x"),
        (["a.csv", "--campaign"], "--campaign needs a value (FILE)"),
        (["a.csv", "--dry-run=yes"], "--dry-run takes no value"),
        (["a.csv", "--campaign", "a", "--campaign", "b"], "--campaign given more than once"),
        ([], "missing FILE.csv"),
        (["a.csv", "b.csv"], "unexpected argument b.csv"),
    ])
    func refusesBadCommandLines(arguments: [String], message: String) {
        #expect(throws: UsageError(message, usage: Self.spec.usage)) {
            try parseArguments(arguments, spec: Self.spec)
        }
    }

    @Test func usageAndHelpListEveryOption() {
        #expect(Self.spec.usage == "reminders import FILE.csv [--campaign FILE] [--dry-run] [--tag T]…")
        for option in ["--campaign FILE", "--dry-run", "--tag T", "--help"] {
            #expect(Self.spec.help.contains(option))
        }
    }
}
