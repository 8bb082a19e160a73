import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// The public STA structure's spiking mode approaches its own ANN mode (PublicSTAForward: the
/// converted model with ReLU units and exact products, the approximate operators in place) as T
/// grows: the check that the spiking blocks compute what the ANN mode states. Each input is
/// calibrated on itself at T = 256, so that no neuron saturates for want of calibration data
/// (calibrated on other inputs, a unit whose threshold is too small saturates and the error stops
/// falling: that is the public calibration's behaviour, not the blocks').
@Suite struct PublicSTAConvergenceTests {
    @Test(arguments: ["tiny-bert", "tiny-vit", "tiny-dinov2"])
    func spikingModeApproachesTheANNMode(model: String) throws {
        let folder = RepositoryFiles.url("Fixtures/\(model)")
        let weights = try EncoderLoader.load(directory: folder)
        let reference = try ReferenceEncoder(weights)
        let samples = try EncoderInputs.load(folder.appendingPathComponent("inputs.safetensors"))
        var configuration = PipelineConfiguration(kind: .sta)
        configuration.staStructure = .public
        configuration.calibrationSteps = 256
        for sample in samples.prefix(2) {
            let calibration = try PipelineCalibrator.calibrate(reference: reference, samples: [sample], configuration: configuration)
            let annMode = PublicSTAForward(reference: reference, operators: try #require(calibration.operators))
            let target = try annMode.forward(sample.input, mask: sample.mask)
            let encoder = try SpikingEncoder(reference: reference, calibration: calibration)
            let run = try encoder.run(sample.input, mask: sample.mask, steps: 256, checkpoints: [4, 16, 64, 256])
            var errors = [Double]()
            for T in [4, 16, 64, 256] {
                let means = try #require(run.meanOutputs[T])
                var worst = 0.0, scale = 0.0
                for layer in target.indices {
                    for i in sample.keptTokens {
                        for (a, b) in zip(means[layer].row(i), target[layer].row(i)) {
                            worst = max(worst, abs(a - b))
                            scale = max(scale, abs(b))
                        }
                    }
                }
                errors.append(worst / scale)
            }
            #expect(errors[3] < errors[1] && errors[2] < errors[0], "\(model) \(sample.name): \(errors)")
            #expect(errors[3] < 0.03, "\(model) \(sample.name): \(errors)")
        }
    }
}
