import Foundation

/// Files of this repository (fixtures, examples) for tests, wherever the clone is.
public enum RepositoryFiles {
    /// The repository's root: this file is Tests/PropertyTestSupport/RepositoryFiles.swift.
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// A path relative to the root, e.g. "Fixtures/minilm-l6".
    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }
}
