extension Duration {
    /// The duration in (fractional) seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }

    /// Milliseconds for `poll(2)`, rounded up so a wait never ends before its deadline.
    var pollMilliseconds: Int32 {
        guard self > .zero else { return 0 }
        let milliseconds = (seconds * 1000).rounded(.up)
        return Int32(min(milliseconds, Double(Int32.max)))
    }
}
