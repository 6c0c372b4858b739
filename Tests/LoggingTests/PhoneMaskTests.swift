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
    ])
    func masksNumbersInText(text: String, masked: String) {
        #expect(PhoneMask.maskDigitRuns(text) == masked)
    }
}
