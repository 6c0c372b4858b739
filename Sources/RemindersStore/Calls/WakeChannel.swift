/// The LISTEN/NOTIFY channel dispatchers wait on: a receiver or importer notifies it after a
/// commit that may have made work due (a retry scheduled, a call ended).
public enum WakeChannel {
    /// The channel's name.
    public static let name = "reminders_wake"
}
