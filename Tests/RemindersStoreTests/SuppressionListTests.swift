import Reminders
import RemindersStore
import Testing

@Suite struct SuppressionListTests {
    @Test func readsNumbersSkippingBlanksCommentsAndRepeats() throws {
        let text = "# opt-outs from the front desk\r\n(212) 555-0101\r\n\r\n+44 20 7946 0958  # UK patient\n212.555.0101\n   \n"
        let list = try SuppressionList.parse(text, defaultRegion: "US").get()
        #expect(list.numbers.map(\.e164) == ["+12125550101", "+442079460958"])
    }

    @Test func anyBadLineRefusesTheFileAndNamesEveryBadLine() {
        let text = "+1 212 555 0101\n12\n# fine\nnot a number\n+1 212 555 0102\n"
        guard case .failure(let error) = SuppressionList.parse(text, defaultRegion: "US") else {
            Issue.record("accepted a file with bad lines")
            return
        }
        #expect(error.badLines.map(\.line) == [2, 4])
        #expect(error.description.hasPrefix("2 bad lines, nothing imported: line 2: "))
        #expect(!error.description.contains("0101"))
    }

    @Test(arguments: [("", 0), ("# only a comment\n", 0), ("2125550101", 1)])
    func emptyAndMinimalFiles(text: String, count: Int) throws {
        #expect(try SuppressionList.parse(text, defaultRegion: "US").get().numbers.count == count)
    }

    @Test func nationalNumbersNeedARegion() {
        guard case .failure(let error) = SuppressionList.parse("2125550101\n", defaultRegion: nil) else {
            Issue.record("read a national number without a region")
            return
        }
        #expect(error.badLines.map(\.line) == [1])
    }
}
