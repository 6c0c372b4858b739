import Foundation

/// The names in this machine's IANA time zone database (tzdata): zones and links, and the zone
/// each link stands for, read from `tzdata.zi` under `TZDIR` (default `/usr/share/zoneinfo`).
///
/// Where `tzdata.zi` is missing, a name is known when its compiled file exists and loads, and a
/// link is followed as the symbolic link it is installed as.
struct IANAZoneDatabase: Sendable {
    /// Zone names (`Z` lines).
    let zones: Set<String>
    /// Link name → target (`L` lines).
    let links: [String: String]
    /// Where the compiled zone files are.
    let directory: String

    /// The database of this machine, read once.
    static let system = IANAZoneDatabase(directory: ProcessInfo.processInfo.environment["TZDIR"] ?? "/usr/share/zoneinfo")

    init(directory: String) {
        self.directory = directory
        var zones: Set<String> = []
        var links: [String: String] = [:]
        if let text = try? String(contentsOfFile: directory + "/tzdata.zi", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let words = line.split(separator: " ")
                if words.count >= 2, words[0] == "Z" { zones.insert(String(words[1])) }
                if words.count >= 3, words[0] == "L" { links[String(words[2])] = String(words[1]) }
            }
        }
        self.zones = zones
        self.links = links
    }

    /// Whether the database lists `name` (as a zone or as a link).
    func knows(_ name: String) -> Bool {
        if !zones.isEmpty { return zones.contains(name) || links[name] != nil }
        return !name.hasPrefix("/") && !name.contains("..") && FileManager.default.fileExists(atPath: directory + "/" + name)
    }

    /// The zone `name` stands for: itself for a zone, the end of its chain for a link.
    func canonical(_ name: String) -> String {
        var current = name
        if !zones.isEmpty {
            for _ in 0..<8 {
                guard let target = links[current] else { break }
                current = target
            }
            return current
        }
        let path = directory + "/" + name
        guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: path) else { return name }
        let resolved = URL(fileURLWithPath: destination, relativeTo: URL(fileURLWithPath: path).deletingLastPathComponent())
            .standardizedFileURL.path
        let prefix = URL(fileURLWithPath: directory).standardizedFileURL.path + "/"
        return resolved.hasPrefix(prefix) ? String(resolved.dropFirst(prefix.count)) : name
    }
}
