import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Writes a set of files into a folder so that a failure leaves nothing half-written: each
/// file goes to a temporary name in the same folder (so on the same file system) first, and
/// only when every one is complete are they renamed over their final names; on any failure the
/// temporary files are removed. A reader of the folder sees each file either as it was or
/// complete. Failures are `FileProblem`s naming the folder or file and the reason.
public enum OutputFiles {
    public static func write(_ files: [(name: String, contents: Data)], into folder: URL) throws(FileProblem) {
        try makeFolder(folder)
        var written: [(temporary: URL, final: URL)] = []
        func discard() { for w in written { unlink(w.temporary.path) } }
        for file in files {
            let final = folder.appendingPathComponent(file.name)
            let temporary = folder.appendingPathComponent(".\(file.name).\(ProcessInfo.processInfo.processIdentifier).tmp")
            written.append((temporary, final))
            if let reason = writeWhole(file.contents, to: temporary.path) {
                discard()
                throw FileProblem(final.relativePath, "cannot write (\(reason))")
            }
        }
        for w in written {
            var info = stat()
            if stat(w.final.path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                discard()
                throw FileProblem(w.final.relativePath, "is a folder, so the file of that name cannot be written")
            }
        }
        for (i, w) in written.enumerated() {
            guard rename(w.temporary.path, w.final.path) == 0 else {
                let code = errno
                for later in written[i...] { unlink(later.temporary.path) }
                throw FileProblem(w.final.relativePath, "cannot write (\(String(cString: strerror(code))))")
            }
        }
    }

    /// Creates `folder` and its parents, or says which part is in the way.
    static func makeFolder(_ folder: URL) throws(FileProblem) {
        var missing: [URL] = []
        var at = folder
        var info = stat()
        while stat(at.path, &info) != 0 {
            missing.append(at)
            let parent = at.deletingLastPathComponent()
            if parent.path == at.path { break }
            at = parent
        }
        if missing.count < folder.pathComponents.count, info.st_mode & S_IFMT != S_IFDIR {
            throw missing.isEmpty
                ? FileProblem(folder.relativePath, "is a file, not a folder")
                : FileProblem(folder.relativePath, "cannot create it: \(at.relativePath) is a file, not a folder")
        }
        for m in missing.reversed() where mkdir(m.path, 0o777) != 0 {
            let code = errno
            if code != EEXIST { throw FileProblem(folder.relativePath, "cannot create it (\(String(cString: strerror(code))))") }
        }
        guard access(folder.path, W_OK) == 0 else {
            throw FileProblem(folder.relativePath, "cannot write in it (\(String(cString: strerror(errno))))")
        }
    }

    /// Writes `data` to a new file at `path` and flushes it to the disk (so that the rename
    /// that follows never exposes a file whose blocks are not written); nil, or the reason.
    static func writeWhole(_ data: Data, to path: String) -> String? {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return String(cString: strerror(errno)) }
        defer { close(fd) }
        let failure: Int32? = data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let n = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        if let failure { return String(cString: strerror(failure)) }
        return fsync(fd) == 0 ? nil : String(cString: strerror(errno))
    }
}
