/// What the shell must do with a request.
public enum SimulatorAnswer: Sendable, Equatable {
    case respond(SimulatorResponse)
    /// Do not answer (the dial was still accepted); `late` is what a very late answer would say.
    case drop(late: SimulatorResponse)
}
