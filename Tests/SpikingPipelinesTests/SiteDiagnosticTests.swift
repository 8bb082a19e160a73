import Foundation
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

@Suite struct SiteDiagnosticTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SPIKEBOUND_DIAGNOSE"] != nil))
    func staSites() throws {
        let fixture = try MiniLMSamples()
        var configuration = PipelineConfiguration(kind: .sta)
        configuration.groupOperators = .interpolant
        configuration.softmaxShift = .rowMax
        let calibration = try fixture.calibration(configuration)
        let encoder = try SpikingEncoder(reference: fixture.reference, calibration: calibration)
        let sample = fixture.samples[0]
        var ann = [String: Tensor<Double>]()
        _ = try fixture.reference.forward(sample.input, mask: sample.mask) { layer, site, value in
            ann["\(layer) \(site.rawValue)"] = value
        }
        let T = 64
        _ = try encoder.run(sample.input, mask: sample.mask, steps: T, checkpoints: [T]) { o in
            guard o.step == T, o.layer < 2, let a = ann["\(o.layer) \(o.site.rawValue)"] else { return }
            let m = o.runningMean
            var e = 0.0, r = 0.0
            for i in sample.keptTokens {
                for j in 0..<a.rowLength {
                    let d = m.values[i * a.rowLength + j] - a.values[i * a.rowLength + j]
                    e += d * d
                    r += a.values[i * a.rowLength + j] * a.values[i * a.rowLength + j]
                }
            }
            print("layer \(o.layer) \(o.site.rawValue): relative \((e / r).squareRoot())")
        }
    }
}

extension SiteDiagnosticTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SPIKEBOUND_DIAGNOSE"] != nil))
    func staSoftmaxClamp() throws {
        let fixture = try MiniLMSamples()
        for sample in fixture.samples.prefix(3) {
            let n = sample.input.shape[0]
            let keep = sample.keptTokens
            _ = try fixture.reference.forward(sample.input, mask: sample.mask) { layer, site, value in
                guard site == .attentionScores else { return }
                var e = 0.0, r = 0.0, clamped = 0, total = 0
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
                    }
                }
                print("layer \(layer): STA softmax (exact exp) relative \((e / r).squareRoot()), clamped \(clamped)/\(total)")
            }
        }
    }
}
