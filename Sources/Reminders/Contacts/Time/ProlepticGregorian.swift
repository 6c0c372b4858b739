/// Calendar arithmetic on the proleptic Gregorian calendar, without Foundation's `Calendar`
/// (it is slow enough to matter over a million rows).
enum ProlepticGregorian {
    static let secondsPerDay = 86_400

    /// Days since 1970-01-01 for a valid year, month (1...12) and day.
    ///
    /// Counts in 400-year eras (146,097 days each) over years that start in March, so the
    /// leap day falls at the end of a year and month lengths follow a linear formula.
    static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let monthFromMarch = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
