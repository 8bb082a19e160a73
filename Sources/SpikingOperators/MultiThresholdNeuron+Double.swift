import CKernels
import Tensors

extension MultiThresholdNeuron {
    /// A multi-threshold neuron's ladders as Doubles (Scalar is Double).
    struct DoubleLadder: Sendable {
        let positiveLevels: [Double], positiveBounds: [Double]
        let negativeLevels: [Double], negativeBounds: [Double]

        init<S: SpikeScalar>(_ positiveLevels: [S], _ positiveBounds: [S], _ negativeLevels: [S], _ negativeBounds: [S]) {
            let cast = { (x: [S]) in x.map { unsafeBitCast($0, to: Double.self) } }
            self.positiveLevels = cast(positiveLevels)
            self.positiveBounds = cast(positiveBounds)
            self.negativeLevels = cast(negativeLevels)
            self.negativeBounds = cast(negativeBounds)
        }
    }

    /// `genericStep` in Double, on the membrane in place: V⁻ = V + x, then CKernels'
    /// `ck_multi_threshold_fire`, which per element makes the same comparisons with the same
    /// outcome (V⁻ against each positive bound, −V⁻ against each negative one, largest level
    /// first; a comparison that is not `<` fires, as `order` ≠ .less does, NaN included) and the
    /// same subtraction V⁻ − s, so the same bits (MultiThresholdKernelTests).
    mutating func doubleStep(_ input: Tensor<Scalar>, _ ladder: DoubleLadder) throws -> Tensor<Scalar> {
        let n = input.count, levels = self.levels
        var spikes = [Double](repeating: 0, count: n)
        try state.advanceInPlace(input) { membrane in
            membrane.withUnsafeMutableBufferPointer { buffer in
                buffer.withMemoryRebound(to: Double.self) { v in
                    spikes.withUnsafeMutableBufferPointer { s in
                        ck_multi_threshold_fire(
                            v.baseAddress, s.baseAddress, Int64(n), ladder.positiveLevels, ladder.positiveBounds,
                            ladder.negativeLevels, ladder.negativeBounds, Int64(levels))
                    }
                }
            }
        }
        return try Tensor(shape: input.shape, values: unsafeBitCast(spikes, to: [Scalar].self))
    }
}
