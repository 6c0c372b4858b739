import Foundation
import Synchronization

/// SIGINT and SIGTERM ask long-running commands (`run`, `serve`) to finish what is in flight and exit 0.
///
/// The handlers only set a flag; commands poll `StopSignal.requested` between steps (and pass it
/// down as `CommandContext.stopRequested`).
public enum StopSignal {
    private static let flag = Atomic<Bool>(false)
    private static let sources = Mutex<[any DispatchSourceSignal]>([])

    /// Installs the handlers (idempotent). Call once from `main`.
    public static func install() {
        sources.withLock { sources in
            guard sources.isEmpty else { return }
            for signalNumber in [SIGINT, SIGTERM] {
                signal(signalNumber, SIG_IGN)  // let the dispatch source see it instead of the default action
                let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
                source.setEventHandler { flag.store(true, ordering: .sequentiallyConsistent) }
                source.resume()
                sources.append(source)
            }
        }
    }

    /// Whether a stop was requested.
    public static var requested: Bool { flag.load(ordering: .sequentiallyConsistent) }
}
