/// Which Double products go to a run-time BLAS library when one is loaded (BLASLibrary), and
/// which to the built-in event-driven kernel. Either gives a correctly computed product; they
/// may differ in the order of the sums, so a run states which ran (the report's provenance).
///
/// A product goes to BLAS when it has at least `minimumMultiplyAdds` multiply-adds, fewer than
/// `maximumZeroPercent`% of A's entries are zero (the built-in kernel skips zeros), and, when B
/// is float32 weights that the built-in kernel reads as Floats (half the memory), A has at least
/// `minimumRowsForFloatB` rows. Measured on MiniLM's ECMT step (docs/benchmarks.md, issue 19):
/// with Float B the built-in kernel is faster at 12 and 20 tokens (22.5 against 29.2 ms, 36.6
/// against 38 to 39 ms per step), OpenBLAS at 64 and 128 (109 against 126, 244 against 287).
public enum BLASRouting {
    public static let minimumMultiplyAdds = 4096
    public static let maximumZeroPercent = 85
    public static let minimumRowsForFloatB = 32

    /// Whether the product's shape admits BLAS (before A's zeros are counted).
    public static func admits(m: Int, k: Int, n: Int, narrow: Bool) -> Bool {
        m * k * n >= minimumMultiplyAdds && (!narrow || m >= minimumRowsForFloatB)
    }

    /// Whether A, with `zeros` zero entries of `count`, is dense enough for BLAS.
    public static func admits(zeros: Int, of count: Int) -> Bool { 100 * zeros < maximumZeroPercent * count }

    /// The rule in words, for provenance and benchmarks.
    public static var description: String {
        "products of \(minimumMultiplyAdds) or more multiply-adds with under \(maximumZeroPercent)% zeros in A"
            + " (and \(minimumRowsForFloatB) or more rows of A where B is float32 weights)"
    }
}
