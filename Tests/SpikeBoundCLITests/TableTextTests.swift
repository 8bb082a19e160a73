import Foundation
@testable import SpikeBoundCLI
import Testing

/// Bounds printed in the tables never show fewer than the bound: `upperNumber` rounds up.
@Suite struct TableTextTests {
    struct Cells: TableText {}

    @Test(arguments: [1.234, 1.2344, 1.23456, 9.9996, 1e-300, 3.0e300, 0, 0.1, 2.675e-3])
    func upperNumberIsNeverBelow(_ x: Double) throws {
        let text = Cells().upperNumber(x)
        let shown = try #require(Double(text))
        #expect(shown >= x, "\(text) < \(x)")
        // At most one unit of the fourth significant digit above.
        #expect(shown - x <= 0.0011 * max(abs(x), Double.leastNormalMagnitude) * 10, "\(text) for \(x)")
    }

    @Test func exactFourDigitValuesAreUnchanged() {
        #expect(Cells().upperNumber(1.25) == "1.250e+00")
        #expect(Cells().upperNumber(1.2344) == "1.235e+00")
        #expect(Cells().upperNumber(9.9996) == "1.000e+01")
        #expect(Cells().upperNumber(.infinity) == "inf")
    }
}
