import Foundation
import PropertyBased
import Testing

/// Repeatable property runs: generators from swift-property-based driven by a seeded
/// Xoshiro, so CI sees the same cases every time.
///
/// - SPIKEBOUND_PROPERTY_CASES=N runs N cases per property instead of the default.
/// - SPIKEBOUND_PROPERTY_SEED=S changes the seed (a decimal integer).
/// - SPIKEBOUND_CAMPAIGN_SECONDS and SPIKEBOUND_CAMPAIGN_LEDGER: as for `forAllBounds`
///   (scripts/property-campaign); a property without bounds writes one line without a bound.
///
/// A failing case is named in the failure message with its index and the seed.
public enum PropertyRun {
    public static var caseOverride: Int? {
        ProcessInfo.processInfo.environment["SPIKEBOUND_PROPERTY_CASES"].flatMap { Int($0) }
    }

    public static var seed: UInt64 {
        ProcessInfo.processInfo.environment["SPIKEBOUND_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 0x5B1C_E0B0
    }

    /// A stable hash of a name (FNV-1a), so each property gets its own stream.
    public static func stream(_ name: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x100_0000_01b3
        }
        return h
    }
}

/// Runs `body` on `cases` generated values (or SPIKEBOUND_PROPERTY_CASES of them), all drawn
/// from one stream seeded by the seed and the name. A case that throws is shrunk (its draws are
/// kept, `TapeRandom`) and reported with the seed, its index and the shrunk value; with
/// SPIKEBOUND_RECORD_REGRESSIONS=1 it is added to Tests/PropertyRegressions/, replayed first by
/// every later run (as `forAllBounds` does). Failures recorded with #expect are reported as they
/// happen and are not shrunk.
public func forAll<Value, Shrinks: SendableSequenceType>(
    file: String = #fileID,
    named name: String = #function,
    cases: Int = 100,
    _ generator: Generator<Value, Shrinks>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Value) throws -> Void
) {
    withoutActuallyEscaping(body) { body in
        BoundedRun(
            name: PropertyRegressions.name(file: file, function: name), generator: generator, body: { value, _ in try body(value) },
            sourceLocation: sourceLocation, stream: .shared(PropertyRun.stream(name))
        ).run(cases: cases)
    }
}
