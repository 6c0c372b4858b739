/// What the shell must do with a request.
public enum SimulatorAnswer: Sendable, Equatable {
    case respond(SimulatorResponse)
    /// Do not answer (the dial was still accepted); `late` is what a very late answer would say.
    case drop(late: SimulatorResponse)
    /// Close the connection at once without an answer, as a server does with a kept-alive
    /// connection it timed out just as a request arrived (the dial was still accepted).
    case close
}
