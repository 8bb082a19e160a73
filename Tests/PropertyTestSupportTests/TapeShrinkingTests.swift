import ExactArithmetic
import PropertyBased
import PropertyTestSupport
import Testing

/// The machinery of `forAllBounds`: tapes replay their values, shrinking finds small failing
/// cases, and the ledger keeps the worst ratio and throws on a violation.
@Suite struct TapeShrinkingTests {
    static let lists = Gen.int(in: 0...1000).array(of: 1...12)

    @Test func aRecordedTapeReplaysTheSameValue() {
        for k in 0..<50 {
            var recording = TapeRandom(recording: .mixing(1, 2, UInt64(k)))
            let value = Self.lists.run(using: &recording)
            var replay = TapeRandom(replaying: recording.tape)
            #expect(Self.lists.run(using: &replay) == value)
        }
    }

    /// "The sum stays below 1500" fails on long lists of large numbers; shrinking keeps it
    /// failing and reaches a case no larger than needed: a few entries, the sum just past 1500.
    @Test func shrinkingFindsASmallFailingCase() {
        var shrunkSums = [Int]()
        for k in 0..<20 {
            var recording = TapeRandom(recording: .mixing(9, 8, UInt64(k)))
            let value = Self.lists.run(using: &recording)
            guard value.reduce(0, +) >= 1500 else { continue }
            let shrunk = shrinkTape(recording.tape) { tape in
                var rng = TapeRandom(replaying: tape)
                return Self.lists.run(using: &rng).reduce(0, +) >= 1500
            }
            var rng = TapeRandom(replaying: shrunk)
            let small = Self.lists.run(using: &rng)
            #expect(small.reduce(0, +) >= 1500, "shrinking lost the failure")
            #expect(small.count <= value.count)
            shrunkSums.append(small.reduce(0, +))
        }
        #expect(!shrunkSums.isEmpty, "no case failed: the check could not fail")
        #expect(shrunkSums.allSatisfy { $0 < 2100 }, "shrunk sums \(shrunkSums)")
    }

    @Test func theLedgerKeepsTheWorstRatioAndThrowsOnAViolation() throws {
        var ledger = BoundLedger()
        try ledger.check("B-X", observed: Rational(1), bound: Rational(4), "a")
        try ledger.check("B-X", observed: Rational(3), bound: Rational(4), "b")
        try ledger.check("B-X", observed: Rational(2), bound: Rational(4), "c")
        #expect(ledger.entries["B-X"]?.checks == 3)
        #expect(ledger.entries["B-X"]?.worstRatio == 0.75)
        #expect(ledger.entries["B-X"]?.worstAt == "b")
        #expect(throws: BoundViolation.self) { try ledger.check("B-X", observed: Rational(5), bound: Rational(4), "d") }
        #expect(throws: BoundViolation.self) { try ledger.check("B-Y", observed: .nan, bound: 1, "NaN is not below a bound") }
        try ledger.check("B-Z", observed: 0.0, bound: 0.0, "zero over zero")
        #expect(ledger.entries["B-Z"]?.worstRatio == 0)
    }

    /// forAllBounds on a property that fails for x > 500: the failure is reported once, with the
    /// replay line and a shrunk case no larger than twice the smallest failing value.
    @Test func aViolationIsShrunkAndReported() {
        withKnownIssue {
            forAllBounds(cases: 200, Gen.int(in: 0...100_000)) { x, ledger in
                try ledger.check("B-TEST", observed: Rational(x), bound: Rational(500), "x = \(x)")
            }
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined(separator: " ")
            guard text.contains("B-TEST violated"), text.contains("SPIKEBOUND_PROPERTY_CASE="),
                let shrunk = text.split(separator: "\n").first(where: { $0.hasPrefix("shrunk") }),
                let value = shrunk.split(separator: " ").first(where: { $0.hasSuffix(":") && Int($0.dropLast()) != nil }).flatMap({ Int($0.dropLast()) })
            else { return false }
            return value > 500 && value <= 1000
        }
    }
}
