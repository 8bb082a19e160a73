import ExactArithmetic
import Foundation
import ModelIO
import PropertyTestSupport
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The embedded MiniLM fixture, loaded once per use.
struct MiniLMSamples {
    let weights: EncoderWeights<Double>
    let reference: ReferenceEncoder<Double>
    let samples: [EncoderSample]

    init() throws {
        let folder = RepositoryFiles.url("Fixtures/minilm-l6")
        weights = try EncoderLoader.load(directory: folder)
        reference = try ReferenceEncoder(weights)
        samples = try EncoderInputs.load(
            folder.appendingPathComponent("inputs.safetensors"), sentences: folder.appendingPathComponent("sentences.json"))
    }

    func calibration(_ configuration: PipelineConfiguration) throws -> PipelineCalibration {
        try PipelineCalibrator.calibrate(
            reference: reference, samples: samples, configuration: configuration,
            released: configuration.groupOperators == .released ? try ReleasedGroupOperators.load() : nil)
    }
}
