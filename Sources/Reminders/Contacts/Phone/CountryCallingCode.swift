/// The ITU-T E.164 country calling codes of geographic areas, as a prefix lookup.
///
/// Global services (international freephone +800, satellite +870/+881, networks +882/+883,
/// premium +979) are left out on purpose: an appointment reminder never goes to them.
/// Codes are prefix-free, so at most one of the 1-, 2- and 3-digit prefixes matches.
enum CountryCallingCode {
    private static let oneDigit: Set<Int> = [1, 7]

    private static let twoDigit: Set<Int> = [
        20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
        51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66,
        81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98,
    ]

    private static let threeDigit: Set<Int> = {
        var codes: Set<Int> = [
            211, 212, 213, 216, 218,
            290, 291, 297, 298, 299,
            370, 371, 372, 373, 374, 375, 376, 377, 378, 379,
            380, 381, 382, 383, 385, 386, 387, 389,
            420, 421, 423,
            670, 672, 673, 674, 675, 676, 677, 678, 679,
            680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692,
            850, 852, 853, 855, 856, 880, 886,
            960, 961, 962, 963, 964, 965, 966, 967, 968,
            970, 971, 972, 973, 974, 975, 976, 977,
            992, 993, 994, 995, 996, 998,
        ]
        // Blocks assigned in full: West, Central, East and Southern Africa; Europe's 35x;
        // Central and South America's 50x and 59x.
        for block in [220, 230, 240, 260, 350, 500, 590] {
            codes.formUnion(block...(block + 9))
        }
        codes.formUnion(250...258)
        return codes
    }()

    /// The country calling code that starts `digits` (ASCII digit values 0...9), if any.
    static func match(_ digits: some Collection<UInt8>) -> Int? {
        var value = 0
        for (length, digit) in digits.prefix(3).enumerated() {
            value = value * 10 + Int(digit)
            switch length {
            case 0 where oneDigit.contains(value): return value
            case 1 where twoDigit.contains(value): return value
            case 2 where threeDigit.contains(value): return value
            default: continue
            }
        }
        return nil
    }

    /// The number of decimal digits in a country calling code.
    static func digitCount(_ code: Int) -> Int {
        code < 10 ? 1 : code < 100 ? 2 : 3
    }
}
