import Foundation
import PropertyBased
import Testing

/// Runs a soundness property: `body` checks each observed error against its bound through the
/// ledger (`BoundLedger.check`), which throws on a violation.
///
/// - Case k is generated from its own stream (the seed, the property's name and k), recorded as a
///   tape (`TapeRandom`), so `SPIKEBOUND_PROPERTY_SEED=S SPIKEBOUND_PROPERTY_CASE=k` replays it alone.
/// - A failing case is shrunk (`shrinkTape`) and reported with its seed, its index and the
///   shrunk value. With `SPIKEBOUND_RECORD_REGRESSIONS=1` the shrunk tape is added to
///   Tests/PropertyRegressions/NAME.json; every committed tape there is replayed first, in
///   every run, so a found failure stays a test.
/// - `SPIKEBOUND_PROPERTY_CASES=N` runs N cases; `SPIKEBOUND_CAMPAIGN_SECONDS=S` stops after S
///   seconds even if fewer cases ran; `SPIKEBOUND_CAMPAIGN_LEDGER=FILE` appends one JSON line
///   per bound id (cases, checks, worst observed/bound, where, seconds) for
///   scripts/property-campaign.
public func forAllBounds<Value, Shrinks: SendableSequenceType>(
    file: String = #fileID,
    function: String = #function,
    cases: Int,
    _ generator: Generator<Value, Shrinks>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Value, inout BoundLedger) throws -> Void
) {
    withoutActuallyEscaping(body) { body in
        BoundedRun(
            name: PropertyRegressions.name(file: file, function: function), generator: generator, body: body, sourceLocation: sourceLocation,
            stream: .perCase
        ).run(cases: cases)
    }
}

/// One `forAllBounds` or `forAll` run.
struct BoundedRun<Value, Shrinks: SendableSequenceType> {
    /// Where cases come from: each from its own stream (`forAllBounds`: case k alone is
    /// replayable), or all from one stream (`forAll`, whose cases CI has always run).
    enum Stream {
        case perCase
        case shared(UInt64)
    }

    let name: String
    let generator: Generator<Value, Shrinks>
    let body: (Value, inout BoundLedger) throws -> Void
    let sourceLocation: SourceLocation
    let stream: Stream
    let environment = ProcessInfo.processInfo.environment
    let seed = PropertyRun.seed

    /// The error of the case a tape generates, or nil.
    func failure(_ tape: [UInt64]) -> (any Error)? {
        var rng = TapeRandom(replaying: tape)
        var scratch = BoundLedger()
        do { try body(generator.run(using: &rng), &scratch) } catch { return error }
        return nil
    }

    func report(_ tape: [UInt64], index: Int?, _ error: any Error) {
        let shrunk = shrinkTape(tape) { failure($0) != nil }
        var rng = TapeRandom(replaying: shrunk)
        let value = generator.run(using: &rng)
        let shrunkError = failure(shrunk) ?? error
        let test = name.split(separator: ".").last.map(String.init) ?? name
        let caseVariable = if case .perCase = stream { " SPIKEBOUND_PROPERTY_CASE=" } else { "" }
        let replay = index.map {
            "case \($0); replay: SPIKEBOUND_PROPERTY_SEED=\(seed)\(caseVariable.isEmpty ? "" : caseVariable + "\($0)") swift test --filter \(test)"
        } ?? "a committed regression case of \(name) (Tests/PropertyRegressions/\(name).json)"
        Issue.record(
            "\(name): \(error)\n\(replay)\nshrunk (\(tape.count) → \(shrunk.count) draws) to \(value): \(shrunkError)", sourceLocation: sourceLocation)
        if environment["SPIKEBOUND_RECORD_REGRESSIONS"] == "1", let index {
            PropertyRegressions.add(name, .init(seed: seed, index: index, tape: shrunk, failure: "\(shrunkError)"))
        }
    }

    func run(cases: Int) {
        for regression in PropertyRegressions.cases(name) {
            if let error = failure(regression.tape) { report(regression.tape, index: nil, error) }
        }
        var ledger = BoundLedger()
        let start = Date()
        let budget = environment["SPIKEBOUND_CAMPAIGN_SECONDS"].flatMap(Double.init)
        let count = PropertyRun.caseOverride ?? cases
        var indices = Array(0..<count)
        var shared: Xoshiro?
        switch stream {
        case .perCase:
            if let only = environment["SPIKEBOUND_PROPERTY_CASE"].flatMap(Int.init) { indices = [only] }
        case .shared(let hash):
            shared = Xoshiro(seed: (seed, hash, 0x9E37_79B9_7F4A_7C15, seed ^ 0xDEAD_BEEF))
        }
        var ran = 0
        for index in indices {
            if let budget, Date().timeIntervalSince(start) > budget { break }
            var rng = TapeRandom(recording: shared ?? .mixing(seed, PropertyRun.stream(name), UInt64(index)))
            let value = generator.run(using: &rng)
            if shared != nil { shared = rng.source }
            ran += 1
            do { try body(value, &ledger) } catch {
                report(rng.tape, index: index, error)
                break
            }
        }
        if let path = environment["SPIKEBOUND_CAMPAIGN_LEDGER"] {
            PropertyRegressions.appendLedger(path, name: name, seed: seed, cases: ran, seconds: Date().timeIntervalSince(start), ledger)
        }
    }
}

/// The committed failing cases of bounded properties (Tests/PropertyRegressions/NAME.json) and
/// the campaign ledger's lines.
public enum PropertyRegressions {
    public struct Case: Codable, Sendable {
        public var seed: UInt64
        public var index: Int
        /// The draws, as hexadecimal strings (JSON numbers cannot hold every UInt64 exactly).
        public var draws: [String]
        public var failure: String

        var tape: [UInt64] { draws.compactMap { UInt64($0, radix: 16) } }

        init(seed: UInt64, index: Int, tape: [UInt64], failure: String) {
            self.seed = seed
            self.index = index
            draws = tape.map { String($0, radix: 16) }
            self.failure = failure
        }
    }

    /// "NeuronBoundTests.observedNeverExceedsTheBound" from the file id and the function.
    static func name(file: String, function: String) -> String {
        let suite = file.split(separator: "/").last.map { String($0.dropLast(".swift".count)) } ?? file
        return suite + "." + function.prefix { $0 != "(" }
    }

    static func url(_ name: String) -> URL { RepositoryFiles.url("Tests/PropertyRegressions/\(name).json") }

    public static func cases(_ name: String) -> [Case] {
        guard let data = try? Data(contentsOf: url(name)) else { return [] }
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }

    static func add(_ name: String, _ c: Case) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try? FileManager.default.createDirectory(at: url(name).deletingLastPathComponent(), withIntermediateDirectories: true)
        try? encoder.encode(cases(name) + [c]).write(to: url(name))
    }

    struct LedgerLine: Codable {
        var property: String
        var bound: String
        var seed: UInt64
        var cases: Int
        var checks: Int
        var worstRatio: Double
        var worstAt: String
        var seconds: Double
    }

    static func appendLedger(_ path: String, name: String, seed: UInt64, cases: Int, seconds: Double, _ ledger: BoundLedger) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var text = ""
        let entries = ledger.entries.isEmpty ? [("", BoundLedger.Entry())] : ledger.entries.sorted(by: { $0.key < $1.key })
        for (bound, e) in entries {
            let line = LedgerLine(
                property: name, bound: bound, seed: seed, cases: cases, checks: e.checks, worstRatio: e.worstRatio, worstAt: e.worstAt,
                seconds: seconds)
            if let data = try? encoder.encode(line) { text += String(decoding: data, as: UTF8.self) + "\n" }
        }
        // One write to a file opened for appending: lines of tests running in parallel do not interleave.
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        _ = Array(text.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
    }
}
