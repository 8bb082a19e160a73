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

    /// The first `layers` blocks of the fixture (all six by default) and its first `inputs`
    /// sentences (all by default): tests use fewer to stay fast.
    init(layers: Int? = nil, inputs: Int? = nil) throws {
        let folder = RepositoryFiles.url("Fixtures/minilm-l6")
        let full = try EncoderLoader.load(directory: folder)
        if let layers {
            let c = full.config
            let config = try EncoderConfig(
                architecture: c.architecture, hiddenSize: c.hiddenSize, layers: layers, heads: c.heads,
                intermediateSize: c.intermediateSize, activation: c.activation, layerNormEpsilon: c.layerNormEpsilon,
                layerScale: c.layerScale)
            weights = try EncoderWeights(config: config, blocks: Array(full.blocks.prefix(layers)))
        } else {
            weights = full
        }
        reference = try ReferenceEncoder(weights)
        let all = try EncoderInputs.load(
            folder.appendingPathComponent("inputs.safetensors"), sentences: folder.appendingPathComponent("sentences.json"))
        samples = Array(all.prefix(inputs ?? all.count))
    }

    func calibration(_ configuration: PipelineConfiguration) throws -> PipelineCalibration {
        try PipelineCalibrator.calibrate(
            reference: reference, samples: samples, configuration: configuration,
            released: configuration.groupOperators == .released ? try ReleasedGroupOperators.load() : nil)
    }
}
