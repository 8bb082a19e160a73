import Foundation
import PropertyBased
import Testing

/// Repeatable property runs: generators from swift-property-based driven by a seeded
/// Xoshiro, so CI sees the same cases every time.
///
/// - SPIKEBOUND_PROPERTY_CASES=N runs N cases per property instead of the default.
/// - SPIKEBOUND_PROPERTY_SEED=S changes the seed (a decimal integer).
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

/// Runs `body` on `cases` generated values (or SPIKEBOUND_PROPERTY_CASES of them).
public func forAll<Value, Shrinks: SendableSequenceType>(
    named name: String = #function,
    cases: Int = 100,
    _ generator: Generator<Value, Shrinks>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Value) throws -> Void
) {
    let count = PropertyRun.caseOverride ?? cases
    let seed = PropertyRun.seed
    var rng = Xoshiro(seed: (seed, PropertyRun.stream(name), 0x9E37_79B9_7F4A_7C15, seed ^ 0xDEAD_BEEF))
    for index in 0..<count {
        let value = generator.run(using: &rng)
        do {
            try body(value)
        } catch {
            Issue.record(
                "case \(index) (seed \(seed)) threw \(error) for input \(value)", sourceLocation: sourceLocation)
            return
        }
    }
}
