import ExactArithmetic
import Tensors

extension SignedBurstNeuron {
    /// `genericStep` in Double (Scalar is Double): per element the same comparisons, in the same
    /// order, and the same sums and differences, so the same bits (SignedBurstKernelTests).
    /// `order(b) != .less` is `!(a < b)`, `!= .greater` is `!(a > b)`, `== .less` is `a < b`
    /// and `== .greater` is `a > b`, NaN included; the burst count is Double's `floorDivided(by:atMost:)`.
    /// The state is written only when the whole step succeeded, as in the generic step.
    mutating func doubleStep(_ input: Tensor<Scalar>) throws -> Tensor<Scalar> {
        if thresholds.count > 1, input.rowLength != thresholds.count {
            throw OperatorError.shapeMismatch("input rows of \(input.rowLength) for \(thresholds.count) channel thresholds")
        }
        let v = try state.integrate(input)
        let t = state.steps + 1
        let n = v.count, channels = thresholds.count, limit = burstLimit, width = burstTableWidth
        let signed = signedWithMemory, silent = self.silent
        let cast = { (x: [Scalar]) in unsafeBitCast(x, to: [Double].self) }
        let thetas = cast(self.thetas), units = cast(burstUnits), table = cast(burstTable)
        var next = cast(v.values)
        var m = memory.map { cast($0.values) } ?? [Double](repeating: 0, count: n)
        var out = [Double](repeating: 0, count: n)
        var failure: (element: Int, residue: Double)?
        next.withUnsafeMutableBufferPointer { next in
            m.withUnsafeMutableBufferPointer { m in
                out.withUnsafeMutableBufferPointer { out in
                    for i in 0..<n {
                        let c = channels > 1 ? i % channels : 0
                        if silent[c] { continue }  // integrates, never fires (next[i] already holds V⁻)
                        let theta = thetas[c]
                        var vi = next[i]
                        var base = 0.0
                        if !(vi < theta) {
                            base = theta
                        } else if signed, !(vi > -theta), m[i] > 0 {
                            base = -theta
                        }
                        vi = vi - base
                        m[i] = m[i] + base
                        var r = vi
                        if signed {
                            if r < -m[i] { r = -m[i] }
                        } else if r < 0 {
                            r = 0
                        }
                        let negative = r < 0
                        guard let q = (negative ? -r : r).floorDivided(by: units[c], atMost: limit) else {
                            failure = (i, r)
                            return
                        }
                        if q > 0 {
                            let magnitude = q < width
                                ? table[c * width + q] : Double(thresholds[c].timesPowerOfTwo(-1) * Rational(q))
                            let burst = negative ? -magnitude : magnitude
                            vi = vi - burst
                            m[i] = m[i] + burst
                            out[i] = base + burst
                        } else {
                            out[i] = base
                        }
                        next[i] = vi
                    }
                }
            }
        }
        if let (i, r) = failure {
            if !(r.magnitude < 1e15) {
                throw OperatorError.arithmetic("signed burst neuron element \(i) at step \(t): residue \(r) is too large to count bursts")
            }
            throw OperatorError.undecided("burst count of " + "signed burst neuron element \(i) at step \(t)")
        }
        let back = { (x: [Double]) in unsafeBitCast(x, to: [Scalar].self) }
        state.commit(try Tensor(shape: v.shape, values: back(next)))
        memory = try Tensor(shape: v.shape, values: back(m))
        return try Tensor(shape: v.shape, values: back(out))
    }
}
