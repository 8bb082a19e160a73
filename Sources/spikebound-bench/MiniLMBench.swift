import Foundation
import ModelIO
import ReferenceTransformer
import SpikingPipelines
import Tensors

/// The MiniLM fixture as the model benchmarks use it: its weights, its 18 sentences, the Double
/// reference and the ECMT pipeline calibrated on the sentences. Loaded from the repository root.
struct MiniLMBench {
    let weights: EncoderWeights<Double>
    let samples: [EncoderSample]
    let reference: ReferenceEncoder<Double>
    let calibration: PipelineCalibration
    let encoder: SpikingEncoder<Double>

    init(_ kind: PipelineKind = .ecmt) throws {
        let folder = URL(fileURLWithPath: "Fixtures/minilm-l6")
        weights = try EncoderLoader.load(directory: folder)
        samples = try EncoderInputs.load(
            folder.appendingPathComponent("inputs.safetensors"), sentences: folder.appendingPathComponent("sentences.json"))
        reference = try ReferenceEncoder(weights)
        calibration = try PipelineCalibrator.calibrate(
            reference: reference, samples: samples, configuration: PipelineConfiguration(kind: kind))
        encoder = try SpikingEncoder(reference: reference, calibration: calibration)
    }
}
