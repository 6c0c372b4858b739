import Testing
import Logging

@Suite struct PhoneMaskTests {
    @Test(arguments: [
        ("+15551230134", "+1******0134"),
        ("0201234567", "0*****4567"),
        ("123", "***"),
    ])
    func masksOneNumber(number: String, masked: String) {
        #expect(PhoneMask.mask(number) == masked)
    }

    @Test(arguments: [
        ("call to +15551230134 failed", "call to +1******0134 failed"),
        ("HTTP 422 after 3 tries", "HTTP 422 after 3 tries"),
        ("numbers 4155550134 and +442071234567", "numbers 4*****0134 and +4*******4567"),
        // However punctuated (issue 16: a provider message quoting these was logged verbatim).
        ("to +1 (212) 555-0110 / 212.555.0111 refused", "to +1***********0110 / 2*******0111 refused"),
        ("call (415) 555-0134.", "call (*********0134."),
        ("+44 20 7946 0958", "+4**********0958"),
        // Dates, times, status codes and counts stay readable.
        ("run until 2026-11-26T20:00:00Z, 3 tries", "run until 2026-11-26T20:00:00Z, 3 tries"),
        ("HTTP 503 (retry 2 of 5)", "HTTP 503 (retry 2 of 5)"),
        ("at 2026-12-03 13:11:21.123456+00", "at 2026-12-03 13:11:21.123456+00"),
        ("reason: busy: +15551230134", "reason: busy: +1******0134"),
        ("ends with a colon:", "ends with a colon:"),
    ])
    func masksNumbersInText(text: String, masked: String) {
        #expect(PhoneMask.maskDigitRuns(text) == masked)
    }
}
