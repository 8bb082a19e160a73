import ExactArithmetic
import SpikingOperators
import Tensors
import Testing

@Suite("Threshold calibration")
struct CalibrationTests {
    @Test func ecmtPercentilesAndRunningMean() throws {
        // numpy.percentile(range(1, 101), 99) = 99.01 and (…, 1) = 1.99 (linear interpolation).
        let batch = (1...100).map(Double.init)
        #expect(abs(ECMTCalibration.percentile(batch, 0.99) - 99.01) < 1e-12)
        #expect(abs(ECMTCalibration.percentile(batch, 0.01) - 1.99) < 1e-12)
        var smallest = ECMTCalibration(placement: .smallestLevel, levels: 4, gap: 2, percentile: .interpolated)
        try smallest.observe(batch.map { $0 - 50 })  // p = 49.01, q = −(−48.01)
        try smallest.observe(batch.map { ($0 - 50) * 3 })  // p = 147.03, q = 144.03
        let (lp, ln) = try smallest.lambdas()
        #expect(abs(lp.doubleValue() - (49.01 + 147.03) / 2) < 1e-9)
        #expect(abs(ln.doubleValue() - (48.01 + 144.03) / 2) < 1e-9)
        // Top-level placement divides by g^(n−1) = 8.
        var top = ECMTCalibration(placement: .topLevel, levels: 4, gap: 2, percentile: .interpolated)
        try top.observe(batch.map { $0 - 50 })
        #expect(abs(try top.lambdas().positive.doubleValue() - 49.01 / 8) < 1e-9)
    }

    /// The public code's rule (the default): the ⌊0.99·n⌋-th and ⌊0.01·n⌋-th smallest values,
    /// no interpolation, and a float32 running mean.
    @Test func ecmtKthValueAndFloat32Mean() throws {
        let batch = (1...100).map(Double.init)
        #expect(ECMTCalibration.kthValue(batch, 0.99) == 99 && ECMTCalibration.kthValue(batch, 0.01) == 1)
        #expect(ECMTCalibration.kthValue([5], 0.01) == 5)  // k = max(1, ⌊0.01⌋)
        #expect(ECMTCalibration.kthValue((1...250).map(Double.init), 0.99) == 247)  // ⌊247.5⌋
        var c = ECMTCalibration(placement: .smallestLevel, levels: 4, gap: 2)
        #expect(c.percentile == .kthValue)
        try c.observe(batch.map { $0 - 50 })  // p = 49, q = 49
        try c.observe(batch.map { ($0 - 50) * 3 })  // p = 147, q = 147
        let (lp, ln) = try c.lambdas()
        #expect(lp == Rational(98) && ln == Rational(98))
        // A mean that float32 rounds: 0.1 is kept as Float(0.1), not as the Double 0.1.
        var f = ECMTCalibration()
        let tenths = [-0.1] + [Double](repeating: 0.1, count: 99)  // the 99th smallest is 0.1, the 1st −0.1
        for _ in 0..<3 { try f.observe(tenths) }
        let expected: Float = { var m: Float = 0; for b in 1...3 { m = (m * Float(b - 1) + Float(0.1)) / Float(b) }; return m }()
        #expect(try f.lambdas().positive == (try Rational(exactly: Double(expected))))
        #expect(Double(expected) != 0.1)
    }

    @Test func ecmtBadBatches() {
        var c = ECMTCalibration()
        #expect(throws: OperatorError.self) { try c.observe([]) }
        #expect(throws: OperatorError.self) { try c.observe([1, .nan]) }
        #expect(throws: OperatorError.self) { try c.lambdas() }
    }

    @Test func staMMSEMatchesABruteForceSearch() throws {
        let a: [Double] = [0.1, 0.4, 0.45, 0.9, 2.0, -0.3, 0.7, 1.1]
        for T in [1, 4, 32] {
            let theta = try STACalibration.bestThreshold(a, T)
            func error(_ t: Double) -> Double {
                a.reduce(0) { s, x in
                    let q = t / Double(T) * Swift.min(Swift.max(x * Double(T) / t, 0), Double(T)).rounded(.down)
                    return s + (x - q) * (x - q)
                }
            }
            let candidates = (0...94).map { 2.0 * (1 - 0.005 * Double($0)) }
            #expect(candidates.contains(theta))
            #expect(candidates.allSatisfy { error($0) >= error(theta) })
        }
        // A channel that is never positive gets θ = 1 (it never fires).
        #expect(try STACalibration.bestThreshold([-1, -2], 8) == 1)
    }

    @Test func staSmoothsAcrossBatches() throws {
        var c = try STACalibration(timeSteps: 8)
        try c.observe(channels: [[1, 2, 4], [0.5]])
        let first = try #require(c.thresholds)
        try c.observe(channels: [[8, 1], [0.5]])
        let second = try #require(c.thresholds)
        let batch = try STACalibration.bestThreshold([8, 1], 8)
        #expect(abs(second[0] - (0.9 * first[0] + 0.1 * batch)) < 1e-12)
        #expect(throws: OperatorError.self) { try c.observe(channels: [[1]]) }
        #expect(throws: OperatorError.self) { try STACalibration(timeSteps: 0) }
    }

    /// The released code's rule for a batch with no positive activation: a_max = 0, so θ = 0,
    /// which the moving average mixes in (not 1), and which stays 0 while no batch is positive.
    @Test func staSilentAsZeroMixesZeroIntoTheAverage() throws {
        var c = try STACalibration(timeSteps: 8, silentAsZero: true)
        try c.observe(channels: [[-1, 0], [-3]])
        #expect(c.thresholds == [0, 0])
        try c.observe(channels: [[4, 1], [-2]])
        let batch = try STACalibration.bestThreshold([4, 1], 8)
        #expect(c.thresholds?[0] == 0.1 * batch)
        #expect(c.thresholds?[1] == 0)
        var ours = try STACalibration(timeSteps: 8)
        try ours.observe(channels: [[-1, 0]])
        try ours.observe(channels: [[4, 1]])
        #expect(ours.thresholds?[0] == 0.9 + 0.1 * batch)
    }
}
