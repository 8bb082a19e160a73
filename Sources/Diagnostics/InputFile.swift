import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A file named by a user (a model, an input, a spec, a report), read whole. Every failure is a
/// `FileProblem` that names the path as the user gave it and says which of these it is: no such
/// file, a broken symbolic link, a folder, not a regular file (a FIFO or a device, which could
/// block or never end), permission denied, or the system's reason.
public enum InputFile {
    /// The bytes of the file at `url`; `mapped` maps it instead of copying (large weights).
    public static func read(_ url: URL, mapped: Bool = false) throws(FileProblem) -> Data {
        try checkReadable(url)
        do {
            return try Data(contentsOf: url, options: mapped ? .alwaysMapped : [])
        } catch {
            throw FileProblem(url.relativePath, "cannot read (\(FileProblem.reason(error)))")
        }
    }

    /// Refuses a path that is not a readable regular file, before anything is read.
    public static func checkReadable(_ url: URL) throws(FileProblem) {
        let path = url.relativePath
        var info = stat()
        guard lstat(url.path, &info) == 0 else { throw FileProblem(path, "no such file") }
        if info.st_mode & S_IFMT == S_IFLNK {
            guard stat(url.path, &info) == 0 else { throw FileProblem(path, "a broken symbolic link (its target does not exist)") }
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileProblem(path, "is a folder, not a file")
        default: throw FileProblem(path, "not a regular file (a device, FIFO or socket)")
        }
        guard access(url.path, R_OK) == 0 else { throw FileProblem(path, "cannot read (\(String(cString: strerror(errno))))") }
    }
}
