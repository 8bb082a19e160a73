import Foundation
import PropertyTestSupport
@testable import ReaderHarness
import Testing

/// Replays, through the ordinary (uninstrumented) build, every input the fuzzers turned up
/// (Tests/Regressions/TARGET/NAME, each with NAME.expected: "accepted" or the exact one-line
/// refusal) and every fixture that seeds a fuzz target (Fuzz/seeds/), with the invariants the
/// fuzz targets check (ReaderOutcome.violated).
@Suite struct RegressionReplayTests {
    static let harness = Result { try ReaderHarness(repository: RepositoryFiles.root) }

    /// Regression inputs of a target: (input, expected outcome text).
    static func regressions(_ target: ReaderTarget) throws -> [(URL, String)] {
        let folder = RepositoryFiles.url("Tests/Regressions/\(target.rawValue)")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        return try names.filter { !$0.hasSuffix(".expected") && !$0.hasPrefix(".") }.sorted().map { name in
            let input = folder.appendingPathComponent(name)
            let expected = try String(contentsOf: input.appendingPathExtension("expected"), encoding: .utf8)
            return (input, expected.trimmingCharacters(in: .newlines))
        }
    }

    /// The fixtures that seed a target: Fuzz/seeds/TARGET/ and the files Fuzz/seeds/TARGET.list names.
    static func seeds(_ target: ReaderTarget) throws -> [URL] {
        var out = [URL]()
        let folder = RepositoryFiles.url("Fuzz/seeds/\(target.rawValue)")
        if let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out += names.sorted().map { folder.appendingPathComponent($0) }
        }
        if let list = try? String(contentsOf: RepositoryFiles.url("Fuzz/seeds/\(target.rawValue).list"), encoding: .utf8) {
            out += list.split(separator: "\n").map { RepositoryFiles.url(String($0)) }
                .filter { FileManager.default.fileExists(atPath: $0.path) }
        }
        return out
    }

    static func describe(_ outcome: ReaderOutcome) -> String {
        switch outcome {
        case .accepted: "accepted"
        case .refused(let message): message
        case .violated(let what): "VIOLATED: \(what)"
        }
    }

    @Test(arguments: ReaderTarget.allCases)
    func regressionInputsGiveTheirRecordedOutcome(_ target: ReaderTarget) throws {
        let harness = try Self.harness.get()
        for (input, expected) in try Self.regressions(target) {
            let outcome = harness.feed(target, Array(try Data(contentsOf: input)))
            #expect(Self.describe(outcome) == expected, "\(target.rawValue)/\(input.lastPathComponent)")
        }
    }

    @Test(arguments: ReaderTarget.allCases)
    func everySeedKeepsTheTargetsInvariants(_ target: ReaderTarget) throws {
        let harness = try Self.harness.get()
        let seeds = try Self.seeds(target)
        #expect(!seeds.isEmpty, "Fuzz/seeds has nothing for \(target.rawValue)")
        for seed in seeds {
            let outcome = harness.feed(target, Array(try Data(contentsOf: seed)))
            if case .violated = outcome { Issue.record("\(seed.path): \(Self.describe(outcome))") }
        }
    }

    @Test func everyTargetHasAFuzzerAndNoFuzzerLacksATarget() throws {
        let folders = try FileManager.default.contentsOfDirectory(atPath: RepositoryFiles.url("Fuzz/Sources").path)
            .filter { $0.hasPrefix("fuzz-") }.map { String($0.dropFirst(5)) }
        #expect(Set(folders) == Set(ReaderTarget.allCases.map(\.rawValue)))
    }

    /// The outcome is judged, not just computed: a refusal of several lines or none, and a
    /// broken invariant, are violations.
    @Test func refusalsAreOneLineAndInvariantsAreJudged() throws {
        struct Message: Error, CustomStringConvertible { let description: String }
        #expect(ReaderOutcome.refusal(Message(description: "x: bad")) == .refused("x: bad"))
        #expect(ReaderOutcome.refusal(Message(description: "x: bad\nmore")) == .violated(#"an error message of several lines: "x: bad\nmore""#))
        #expect(ReaderOutcome.refusal(Message(description: "")) == .violated("an empty error message (Message)"))
        #expect(ReaderOutcome.of { "broken" } == .violated("broken"))
        let harness = try Self.harness.get()
        #expect(harness.feed(.rational, Array("3/6".utf8)) == .accepted)
        #expect(harness.feed(.texts, [0, 0xFF, 0xFE]) == .refused("texts: not UTF-8 text"))
        #expect(harness.feed(.texts, [1] + Array("a\tb\tnan\n".utf8)) != .accepted)
    }
}
