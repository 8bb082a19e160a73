import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Testing
import Tensors

/// Each pipeline's mean output approaches the ANN reference as T grows, on the fixture (the
/// first two layers, four sentences, to stay fast; `spikebound run` shows the whole model).
@Suite struct ConvergenceTests {
    @Test func ecmtErrorsShrinkWithT() throws {
        let fixture = try MiniLMSamples(layers: 2, inputs: 4)
        let study = ConversionStudy(
            reference: fixture.reference, calibration: try fixture.calibration(PipelineConfiguration(kind: .ecmt)))
        let result = try study.run(samples: fixture.samples, steps: [1, 4, 16, 64])
        for layer in 0..<2 {
            let errors = result.steps.map { $0.layers[layer] }
            for (a, b) in zip(errors, errors.dropFirst()) {
                #expect(b.relative < a.relative, "layer \(layer): relative error \(a.relative) then \(b.relative)")
                #expect(b.rms < a.rms)
            }
            // ECMT's residual is bounded (MT-1), so the error falls about as 1/T: from T = 4 to
            // T = 64 by well over a factor 4.
            #expect(errors[3].relative < errors[1].relative / 4)
        }
        let cosines = result.steps.map(\.agreement.meanCosine)
        #expect(cosines[3] > cosines[1])
        #expect(result.steps.allSatisfy { $0.synapticOperations > 0 })
    }

    @Test func staErrorsShrinkWithT() throws {
        let fixture = try MiniLMSamples(layers: 2, inputs: 4)
        let study = ConversionStudy(
            reference: fixture.reference, calibration: try fixture.calibration(PipelineConfiguration(kind: .sta)))
        let result = try study.run(samples: fixture.samples, steps: [1, 16, 64])
        for layer in 0..<2 {
            let errors = result.steps.map { $0.layers[layer].relative }
            #expect(errors[1] < errors[0] && errors[2] < errors[1], "layer \(layer): \(errors)")
        }
    }
}

/// The pre-LN path (ViT, and DINOv2 with LayerScale) converges too, for both pipelines.
@Suite struct PreLNConvergenceTests {
    @Test(arguments: ["tiny-vit", "tiny-dinov2"], PipelineKind.allCases)
    func errorsShrinkWithT(model: String, kind: PipelineKind) throws {
        let folder = RepositoryFiles.url("Fixtures/\(model)")
        let weights = try EncoderLoader.load(directory: folder)
        let reference = try ReferenceEncoder(weights)
        let samples = try EncoderInputs.load(folder.appendingPathComponent("inputs.safetensors"))
        let calibration = try PipelineCalibrator.calibrate(
            reference: reference, samples: samples, configuration: PipelineConfiguration(kind: kind))
        let result = try ConversionStudy(reference: reference, calibration: calibration).run(samples: samples, steps: [1, 8, 64])
        for layer in 0..<weights.config.layers {
            let errors = result.steps.map { $0.layers[layer].relative }
            #expect(errors[1] < errors[0] && errors[2] < errors[1], "\(model) \(kind) layer \(layer): \(errors)")
        }
        // Both pipelines bring every embedding within 10⁻³ of the ANN's in cosine by T = 64 on
        // these models (measured: 1 − 10⁻⁶ or closer).
        #expect(result.steps[2].agreement.minimumCosine > 0.999)
    }
}
