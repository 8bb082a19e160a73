import Diagnostics
import Foundation
import Testing

/// `OutputFiles.write`: every file complete, or none replaced and nothing left behind.
@Suite struct OutputFilesTests {
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func files(_ tag: String) -> [(name: String, contents: Data)] {
        ["a.json", "b.md", "c.html"].map { ($0, Data("\(tag) \($0)\n".utf8)) }
    }

    @Test func writesEveryFileAndCreatesTheFolder() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("x/y")
        try OutputFiles.write(Self.files("one"), into: out)
        try OutputFiles.write(Self.files("two"), into: out)
        for (name, contents) in Self.files("two") { #expect(try Data(contentsOf: out.appendingPathComponent(name)) == contents) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == ["a.json", "b.md", "c.html"])
    }

    @Test func aFileInTheWayReplacesNothing() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try OutputFiles.write(Self.files("old"), into: root)
        try FileManager.default.removeItem(at: root.appendingPathComponent("c.html"))
        try FileManager.default.createDirectory(at: root.appendingPathComponent("c.html"), withIntermediateDirectories: false)
        #expect(throws: FileProblem(root.appendingPathComponent("c.html").path, "is a folder, so the file of that name cannot be written")) {
            try OutputFiles.write(Self.files("new"), into: root)
        }
        #expect(try Data(contentsOf: root.appendingPathComponent("a.json")) == Data("old a.json\n".utf8))
        #expect(try Data(contentsOf: root.appendingPathComponent("b.md")) == Data("old b.md\n".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.path).sorted() == ["a.json", "b.md", "c.html"])
    }

    @Test func aFolderThatCannotBeMadeIsNamed() throws {
        let root = try Self.scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        #expect(throws: FileProblem(file.path, "is a file, not a folder")) { try OutputFiles.write(Self.files("x"), into: file) }
        let under = file.appendingPathComponent("sub/deeper")
        #expect(throws: FileProblem(under.path, "cannot create it: \(file.path) is a file, not a folder")) {
            try OutputFiles.write(Self.files("x"), into: under)
        }
    }
}
