import Foundation

/// Finds what JSONSerialization silently accepts but a strict campaign file must not hold:
/// a key repeated in one object (the parser keeps the last, hiding the first) and a trailing
/// comma. Runs on text JSONSerialization has already accepted, so it only tracks structure.
enum JSONStrictScan {
    /// A problem and the key path of the object or array it is in (or the repeated key).
    struct Problem: Equatable {
        let keyPath: String
        let message: String
    }

    private enum Frame {
        case object(keys: Set<String>, current: String?)
        case array(index: Int)
    }

    private static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\"), comma = UInt8(ascii: ",")
    private static let openObject = UInt8(ascii: "{"), closeObject = UInt8(ascii: "}")
    private static let openArray = UInt8(ascii: "["), closeArray = UInt8(ascii: "]")
    private static let whitespace: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D]

    /// The first problem in document order, or nil.
    static func firstProblem(in data: Data) -> Problem? {
        let bytes = [UInt8](data)
        var stack: [Frame] = []
        var afterComma = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if whitespace.contains(byte) {
                index += 1
                continue
            }
            if afterComma, byte == closeObject || byte == closeArray {
                return Problem(keyPath: path(stack), message: "has a trailing comma, which is not valid JSON")
            }
            afterComma = false
            switch byte {
            case quote:
                let end = endOfString(bytes, openingAt: index)
                if case .object(var keys, let current) = stack.last, current == nil {
                    // A string where a key is expected; decode it so `"a"` and `"\u0061"` compare equal.
                    let key = decodeString(bytes[index...end])
                    guard keys.insert(key).inserted else {
                        return Problem(keyPath: join(path(stack), key), message: "appears twice")
                    }
                    stack[stack.count - 1] = .object(keys: keys, current: key)
                }
                index = end
            case openObject:
                stack.append(.object(keys: [], current: nil))
            case openArray:
                stack.append(.array(index: 0))
            case closeObject, closeArray:
                stack.removeLast()
            case comma:
                afterComma = true
                switch stack.last {
                case .object(let keys, _): stack[stack.count - 1] = .object(keys: keys, current: nil)
                case .array(let position): stack[stack.count - 1] = .array(index: position + 1)
                case nil: break
                }
            default:
                break
            }
            index += 1
        }
        return nil
    }

    /// Index of the closing quote of the string starting at `start`.
    private static func endOfString(_ bytes: [UInt8], openingAt start: Int) -> Int {
        var index = start + 1
        while index < bytes.count, bytes[index] != quote {
            index += bytes[index] == backslash ? 2 : 1
        }
        return min(index, bytes.count - 1)
    }

    private static func decodeString(_ literal: ArraySlice<UInt8>) -> String {
        let decoded = try? JSONSerialization.jsonObject(with: Data(literal), options: [.fragmentsAllowed])
        return decoded as? String ?? String(decoding: literal, as: UTF8.self)
    }

    private static func path(_ stack: [Frame]) -> String {
        var path = ""
        for frame in stack.dropLast() {
            switch frame {
            case .object(_, let current): path = join(path, current ?? "")
            case .array(let position): path += "[\(position)]"
            }
        }
        return path
    }

    private static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
