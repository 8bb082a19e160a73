import Diagnostics
import Foundation
import Testing

/// `InputFile.read`: the bytes of a regular file, and for everything else a `FileProblem` that
/// says which case it is.
@Suite struct InputFileTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-input-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func readsARegularFileAndALinkToIt() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a.bin")
        try Data([1, 2, 3]).write(to: file)
        #expect(try InputFile.read(file) == Data([1, 2, 3]))
        #expect(try InputFile.read(file, mapped: true) == Data([1, 2, 3]))
        let link = folder.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: file)
        #expect(try InputFile.read(link) == Data([1, 2, 3]))
        try Data().write(to: file)
        #expect(try InputFile.read(file).isEmpty)
    }

    @Test func everyFailureSaysWhichCaseItIs() throws {
        let folder = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing")
        let dangling = folder.appendingPathComponent("dangling")
        try FileManager.default.createSymbolicLink(atPath: dangling.path, withDestinationPath: "nowhere")
        #expect(throws: FileProblem(missing.path, "no such file")) { try InputFile.read(missing) }
        #expect(throws: FileProblem(dangling.path, "a broken symbolic link (its target does not exist)")) { try InputFile.read(dangling) }
        #expect(throws: FileProblem(folder.path, "is a folder, not a file")) { try InputFile.read(folder) }
        #expect(throws: FileProblem("/dev/null", "not a regular file (a device, FIFO or socket)")) { try InputFile.read(URL(fileURLWithPath: "/dev/null")) }
        let fifo = folder.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        // Reading a FIFO would block until a writer comes; it is refused before any read.
        #expect(throws: FileProblem(fifo.path, "not a regular file (a device, FIFO or socket)")) { try InputFile.read(fifo) }
    }

    @Test func aRelativePathIsNamedAsGiven() throws {
        let problem = FileProblem("x/y.json", "no such file")
        #expect(problem.description == "x/y.json: no such file")
        #expect(FileProblem("a\nb", "no such file").description == #"a\u{A}b: no such file"#)
    }
}
