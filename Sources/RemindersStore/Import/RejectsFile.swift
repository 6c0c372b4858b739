import Foundation
public import Reminders

/// The rejects file of an import: CSV `line,id,field,reason`, one row per rejected input row.
///
/// It never holds a phone number or a name: rejection reasons name the field and the rule, not
/// the value. Rows go to `PATH.partial` and the file takes its real name only on `commit()`, so a
/// failed import never leaves a rejects file that looks complete.
public final class RejectsFile {
    /// Bytes buffered before a write: the file may get a row per input row.
    static let bufferSize = 64 * 1024

    /// The header row.
    public static let header = "line,id,field,reason"

    /// Where the file ends up.
    public let path: String
    private let partialPath: String
    private let handle: FileHandle
    private var buffer = Data()

    /// Creates (or truncates) the partial file next to `path`.
    public init(path: String) throws {
        self.path = path
        self.partialPath = path + ".partial"
        // Only its owner may read it: ids and reasons are about patients. Set after creating, as
        // an existing partial file keeps its mode and the umask may widen a new one.
        guard FileManager.default.createFile(atPath: partialPath, contents: nil, attributes: [.posixPermissions: 0o600]),
            (try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: partialPath)) != nil
        else {
            throw RejectsFileError(path: path)
        }
        guard let handle = FileHandle(forWritingAtPath: partialPath) else { throw RejectsFileError(path: path) }
        self.handle = handle
        buffer.reserveCapacity(Self.bufferSize)
        buffer.append(contentsOf: Array((Self.header + "\n").utf8))
    }

    deinit {
        try? handle.close()
    }

    /// Appends one rejection.
    public func append(_ rejection: RowRejection) throws {
        let fields = [String(rejection.line), rejection.id ?? "", rejection.field ?? "", rejection.reason]
        buffer.append(contentsOf: Array((fields.map(Self.quoted).joined(separator: ",") + "\n").utf8))
        if buffer.count >= Self.bufferSize { try flush() }
    }

    /// Writes what is left and gives the file its real name.
    public func commit() throws {
        try flush()
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: partialPath, toPath: path)
    }

    /// Removes the partial file (the import failed).
    public func discard() {
        try? handle.close()
        try? FileManager.default.removeItem(atPath: partialPath)
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// RFC 4180 quoting, only where needed.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// The rejects file cannot be created.
public struct RejectsFileError: Error, CustomStringConvertible {
    /// The path asked for.
    public let path: String
    /// `cannot write the rejects file PATH`.
    public var description: String { "cannot write the rejects file \(path)" }
}
