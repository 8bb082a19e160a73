import Bounds
import ExactArithmetic
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// ReferenceEnclosure (B-CERT's exact ANN): where an operation cannot be decided at the starting
/// precision (a ball too wide for 1/√x), the precision is doubled and the enclosure still
/// contains the exact values; only past the maximum is the error reported.
@Suite struct ReferenceEnclosureTests {
    @Test func anUndecidedOperationIsRefinedAtHigherPrecision() throws {
        var exercised = 0
        for seed in UInt64(1)...24 {
            for architecture in [EncoderConfig.Architecture.bertPostLN, .vitPreLN] {
                let tiny = try TinyEncoder(seed: seed, architecture: architecture, layers: 3)
                let sample = tiny.samples[0]
                let weights = try tiny.weights.converted(to: Ball.self)
                // At 16 bits alone the balls may be too wide to decide 1/√x: an error, never a guess.
                guard (try? ReferenceEnclosure.enclose(sample, weights: weights, bits: 16, maximumBits: 16)) == nil else { continue }
                exercised += 1
                let refined = try ReferenceEnclosure.enclose(sample, weights: weights, bits: 16, maximumBits: 1024)
                #expect(refined.bits > 16)
                // It contains the rational interval engine's enclosure's midpoints of the exact values.
                let exact = try tiny.intervalReference(bits: 200).forward(try TinyEncoder.intervals(sample.input), mask: sample.mask)
                for (l, layer) in refined.layers.enumerated() {
                    for (r, row) in refined.rows.enumerated() {
                        for j in 0..<layer.rowLength {
                            let ball = try layer.values[r * layer.rowLength + j].interval
                            let value = exact[l].values[row * exact[l].rowLength + j]
                            #expect(ball.overlaps(value), "seed \(seed), layer \(l), row \(row), \(j)")
                        }
                    }
                }
            }
        }
        #expect(exercised > 0, "no tiny encoder failed at 16 bits, so the refinement was never exercised")
    }
}
