import Foundation
import Testing

@testable import Reminders

private let newYork = TimeZone(identifier: "America/New_York")!
private let enUS = Locale(identifier: "en_US")

private let row: [String: String] = [
    "first_name": "Ann",
    "Doctor Name": "Dr Lee",
    "appointment_at": "2026-11-26T09:30:00-05:00",
    "local_at": "2026-11-26 09:30",
    "empty": "",
    "blank": "  ",
]

struct ContextTemplateTests {
    static let referenced: [(String, Set<String>)] = [
        ("Hi {{first_name}}", ["first_name"]),
        ("{{ appointment_at | time }} with {{Doctor Name|upper}}", ["appointment_at", "Doctor Name"]),
        ("no placeholders }} at all", []),
        ("{{a}}{{b | default:\"x|}}\"}}{{a | lower}}", ["a", "b"]),
    ]

    @Test(arguments: referenced)
    func listsReferencedColumns(_ source: String, columns: Set<String>) throws {
        let template = try ContextTemplate(source)
        #expect(template.referencedColumns == columns)
        #expect(template.source == source)
    }

    @Test(arguments: [
        ("Hi {{first_name", TemplateError.unterminatedPlaceholder(offset: 4)),
        ("Hi {{first_name}", .unterminatedPlaceholder(offset: 4)),
        ("{{ a {{ b }}", .unterminatedPlaceholder(offset: 1)),
        ("{{ a | default:\"x }}", .unterminatedPlaceholder(offset: 1)),
        ("{{ a | upper", .unterminatedPlaceholder(offset: 1)),
        ("{{}}", .emptyPlaceholder(offset: 1)),
        ("ab{{  }}", .emptyPlaceholder(offset: 3)),
        ("{{ a | uppercase }}", .unknownFilter("uppercase")),
        ("{{ a | time | Date }}", .unknownFilter("Date")),
        ("{{ a | }}", .syntax(offset: 8, message: "missing filter name after |")),
        ("{{ | upper }}", .syntax(offset: 4, message: "missing column name before |")),
        ("{{ a | upper x }}", .syntax(offset: 14, message: "unexpected x after filter \"upper\"")),
        ("{{ a\"b }}", .syntax(offset: 5, message: "unexpected \" in a column name")),
        ("{{ a | default }}", .filterArgument(filter: "default", message: "needs a quoted value, as in default:\"soon\"")),
        ("{{ a | default:soon }}", .filterArgument(filter: "default", message: "needs a quoted value, as in default:\"soon\"")),
        ("{{ a | upper:\"x\" }}", .filterArgument(filter: "upper", message: "takes no value")),
    ])
    func refusesMalformedTemplatesWhenParsed(_ source: String, error: TemplateError) {
        #expect(throws: error) { try ContextTemplate(source) }
    }

    @Test(arguments: [
        ("Hi {{first_name}}, see you soon", "Hi Ann, see you soon"),
        ("{{ first_name | upper }}/{{first_name|lower}}", "ANN/ann"),
        ("{{Doctor Name}}", "Dr Lee"),
        ("{{appointment_at | date}}", "Thursday, November 26, 2026"),
        ("{{appointment_at | time}}", "9:30 AM"),
        ("{{appointment_at | datetime}}", "Thursday, November 26, 2026 at 9:30 AM"),
        ("{{local_at | time}}", "9:30 AM"),
        ("{{nickname | default:\"there\"}}", "there"),
        ("{{first_name | default:\"there\"}}", "Ann"),
        ("{{empty | default:\"there\"}}", "there"),
        ("{{blank | default:\"there\"}}", "there"),
        ("{{nickname | default:\"there\" | upper}}", "THERE"),
        ("{{nickname | upper | default:\"x\"}}", "x"),
        ("{{when | date | default:\"soon\"}}", "soon"),
        ("{{x | default:\"say \\\"hi\\\" \\\\o/\"}}", "say \"hi\" \\o/"),
        ("{{x | default:\"\"}}", ""),
    ])
    func rendersARow(_ source: String, expected: String) throws {
        let template = try ContextTemplate(source)
        #expect(try template.render(row, timeZone: newYork, locale: enUS) == expected)
    }

    @Test(arguments: [
        ("America/New_York", "en_US", "{{appointment_at | time}}", "9:30 AM"),
        ("Europe/London", "en_US", "{{appointment_at | time}}", "2:30 PM"),
        ("Australia/Sydney", "en_US", "{{appointment_at | datetime}}", "Friday, November 27, 2026 at 1:30 AM"),
        ("Australia/Sydney", "en_US", "{{local_at | time}}", "9:30 AM"),
        ("Europe/Paris", "fr_FR", "{{appointment_at | date}}", "jeudi 26 novembre 2026"),
        ("Europe/Berlin", "de_DE", "{{appointment_at | date}}", "Donnerstag, 26. November 2026"),
    ])
    func formatsDatesInTheContactsZoneAndLocale(_ zone: String, locale: String, source: String, expected: String) throws {
        let template = try ContextTemplate(source)
        let rendered = try template.render(row, timeZone: #require(TimeZone(identifier: zone)), locale: Locale(identifier: locale))
        #expect(rendered == expected)
    }

    @Test(arguments: [
        ("Hi {{nickname}}", TemplateError.missingValue(column: "nickname")),
        ("Hi {{empty}}", .missingValue(column: "empty")),
        ("Hi {{blank}}", .missingValue(column: "blank")),
        ("{{nickname | upper}}", .missingValue(column: "nickname")),
        ("{{when | time}}", .missingValue(column: "when")),
        ("{{first_name | date}}", .invalidDateTime(column: "first_name", reason: .invalidFormat)),
    ])
    func refusesARowWithoutAValue(_ source: String, error: TemplateError) throws {
        let template = try ContextTemplate(source)
        #expect(throws: error) { try template.render(row, timeZone: newYork, locale: enUS) }
        #expect(!error.description.contains("Ann"))
    }

    @Test func describesErrorsByColumnAndFilter() {
        #expect(TemplateError.missingValue(column: "first_name").description == "missing value for column first_name")
        #expect(TemplateError.unknownFilter("uppercase").description
            == "unknown filter \"uppercase\" (known: date, time, datetime, upper, lower, default)")
        #expect(TemplateError.unterminatedPlaceholder(offset: 4).description == "unterminated {{ at character 4")
    }
}
