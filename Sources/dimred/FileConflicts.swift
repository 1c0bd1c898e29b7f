#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import MathFoundations

/// Refuses a run whose outputs would overwrite one of its inputs or each other, before any work.
///
/// Two paths name the same file when they resolve to the same path (`a.csv`, `./a.csv`, `dir/../a.csv`, a
/// symbolic link to it) or, for existing files, when `stat` gives the same device and inode (a hard link).
/// Standard input given as `-` is compared by the file it is redirected from. Files that are not regular
/// files (`/dev/null`, a terminal, a FIFO) are never in conflict: writing to them destroys nothing.
enum FileConflicts {
    /// A path and the flag that named it, for messages (`"-o"`, `"--plot"`, `"the input"`).
    struct Role {
        var flag: String
        var path: String
    }

    /// Throws a usage error naming both flags when an output names an input or an earlier output.
    static func check(inputs: [Role], outputs: [Role]) throws {
        var earlier: [(Role, Identity)] = []
        for input in inputs {
            if let identity = Identity(input.path, isInput: true) { earlier.append((input, identity)) }
        }
        let inputCount = earlier.count
        let toStandardOutput = outputs.filter { (try? OutputDestination(path: $0.path)) == .standardOutput }
        if toStandardOutput.count > 1 {
            let names = toStandardOutput.map { "\($0.flag) \($0.path)" }.joined(separator: " and ")
            throw ValidationError("\(names) \(toStandardOutput.count == 2 ? "both" : "all") write to standard output; give all but one of them a file")
        }
        for output in outputs {
            guard let identity = Identity(output.path, isInput: false) else { continue }
            for (index, (other, otherIdentity)) in earlier.enumerated() where identity.isSameFile(as: otherIdentity) {
                if index < inputCount {
                    throw ValidationError("\(output.flag) \(output.path) is the same file as \(describe(other)); "
                                          + "writing it would destroy the input: choose another path for \(output.flag)")
                }
                throw ValidationError("\(output.flag) \(output.path) and \(other.flag) \(other.path) are the same file; "
                                      + "give each output its own path")
            }
            earlier.append((output, identity))
        }
    }

    private static func describe(_ role: Role) -> String {
        role.path == "-" ? "\(role.flag) (standard input)" : "\(role.flag) \(role.path)"
    }

    /// What makes two paths the same regular file.
    private struct Identity {
        var resolvedPath: String?
        var device: UInt64?
        var inode: UInt64?

        /// `nil` for paths that cannot be in conflict: standard output, devices, FIFOs, standard input that is
        /// not a regular file.
        init?(_ path: String, isInput: Bool) {
            var status = stat()
            if path == "-" {
                guard isInput, fstat(STDIN_FILENO, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
                (device, inode) = (UInt64(status.st_dev), UInt64(status.st_ino))
                return
            }
            if stat(path, &status) == 0 {
                guard status.st_mode & S_IFMT == S_IFREG else { return nil }
                (device, inode) = (UInt64(status.st_dev), UInt64(status.st_ino))
                resolvedPath = Self.resolve(path)
            } else {
                guard let destination = try? OutputDestination(path: path), destination.isReplaced else {
                    resolvedPath = Self.resolve(path)
                    return
                }
                // A new file: its resolved folder and its name.
                let url = URL(fileURLWithPath: path)
                resolvedPath = URL(fileURLWithPath: Self.resolve(url.deletingLastPathComponent().path))
                    .appendingPathComponent(url.lastPathComponent).path
            }
        }

        func isSameFile(as other: Identity) -> Bool {
            if let device, let inode, device == other.device, inode == other.inode { return true }
            if let resolvedPath, resolvedPath == other.resolvedPath { return true }
            return false
        }

        private static func resolve(_ path: String) -> String {
            guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
            defer { free(resolved) }
            return String(cString: resolved)
        }
    }
}
