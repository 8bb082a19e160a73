import Foundation
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

@Suite struct STASoftmaxClampTests {
    /// STA's softmax composition with an exact exp, on MiniLM's attention scores: shifting by
    /// the row maximum (no clamp needed) reproduces softmax to rounding, while STA's shift by the
    /// first key with the clamp at 3 is off by over 30% (relative, RMS) in layer 0 of each of the
    /// first three sentences (measured about 45–51%), and stays within 20% in the other layers.
    @Test func theClampAtThreeCostsLayerZeroOfMiniLM() throws {
        let fixture = try MiniLMSamples()
        for sample in fixture.samples.prefix(3) {
            let n = sample.input.shape[0]
            let keep = sample.keptTokens
            _ = try fixture.reference.forward(sample.input, mask: sample.mask) { layer, site, value in
                guard site == .attentionScores else { return }
                var e = 0.0, r = 0.0, rowMaxError = 0.0, clamped = 0, total = 0
                for i in keep {
                    for h in 0..<(value.rowLength / n) {
                        let row = (0..<n).map { value.values[i * value.rowLength + h * n + $0] }
                        let m = keep.map { row[$0] }.max()!
                        let exact = keep.map { Foundation.exp(row[$0] - m) }
                        let s = exact.reduce(0, +)
                        let shift = row[keep[0]] - 1
                        let z = keep.map { min(row[$0] - shift, 3) }
                        clamped += keep.filter { row[$0] - shift > 3 }.count
                        total += keep.count
                        let ez = z.map { Foundation.exp($0) }
                        var p = ez.map { $0 / ez.reduce(0, +) }
                        let sp = p.reduce(0, +)
                        if sp > 1.5 { p = p.map { $0 / sp } }
                        for (a, b) in zip(p, exact.map { $0 / s }) { e += (a - b) * (a - b); r += b * b }
                        // Row-max shift: z = x − max + 1 ≤ 1, no clamp.
                        let zm = keep.map { Foundation.exp(row[$0] - m + 1) }
                        for (a, b) in zip(zm.map { $0 / zm.reduce(0, +) }, exact.map { $0 / s }) {
                            rowMaxError = max(rowMaxError, abs(a - b))
                        }
                    }
                }
                let relative = (e / r).squareRoot()
                #expect(rowMaxError < 1e-12)
                if layer == 0 {
                    #expect(relative > 0.3 && clamped > 0, "layer 0: \(relative), \(clamped)/\(total) clamped")
                } else {
                    #expect(relative < 0.2, "layer \(layer): \(relative)")
                }
            }
        }
    }
}
