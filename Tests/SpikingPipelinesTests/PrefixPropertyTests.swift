import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// One run to T_max gives every T ≤ T_max: the mean outputs read at step T of a long run are
/// exactly those of a run that stops at T (step t never sees a later step).
@Suite struct PrefixPropertyTests {
    @Test(arguments: PipelineKind.allCases)
    func longRunContainsEveryShorterRun(kind: PipelineKind) throws {
        let fixture = try MiniLMSamples(layers: 2, inputs: 3)
        let calibration = try fixture.calibration(PipelineConfiguration(kind: kind))
        let encoder = try SpikingEncoder(reference: fixture.reference, calibration: calibration)
        let sample = fixture.samples[2]
        let long = try encoder.run(sample.input, mask: sample.mask, steps: 7, checkpoints: Array(1...7))
        for T in [1, 2, 5, 7] {
            let short = try encoder.run(sample.input, mask: sample.mask, steps: T, checkpoints: [T])
            let a = try #require(long.meanOutputs[T]), b = try #require(short.meanOutputs[T])
            #expect(a.count == 2 && b.count == 2)
            for (x, y) in zip(a, b) { #expect(x.values == y.values, "layer means differ at T = \(T)") }
            #expect(long.synapticOperations[T] == short.synapticOperations[T])
        }
    }

    @Test func observationsAtEachStepAreTheSameInAShorterRun() throws {
        let fixture = try MiniLMSamples(layers: 1, inputs: 1)
        let calibration = try fixture.calibration(PipelineConfiguration(kind: .ecmt))
        let encoder = try SpikingEncoder(reference: fixture.reference, calibration: calibration)
        let sample = fixture.samples[0]
        var long = [String: [Double]](), short = [String: [Double]]()
        _ = try encoder.run(sample.input, mask: sample.mask, steps: 5, checkpoints: [5]) { o in
            long["\(o.site.rawValue) \(o.step)"] = o.runningMean.values + (o.membrane?.values ?? [])
        }
        _ = try encoder.run(sample.input, mask: sample.mask, steps: 3, checkpoints: [3]) { o in
            short["\(o.site.rawValue) \(o.step)"] = o.runningMean.values + (o.membrane?.values ?? [])
        }
        #expect(short.count == 3 * 9)
        for (key, value) in short { #expect(long[key] == value, "\(key)") }
    }
}
