import Foundation
import ModelIO
import Tensors
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines

/// A model folder and its inputs, loaded once and calibrated for any pipeline: what `run` and
/// `report` share.
struct LoadedModel {
    let weights: EncoderWeights<Double>
    let samples: [EncoderSample]
    let reference: ReferenceEncoder<Double>
    /// The inputs file that was read.
    let inputsURL: URL

    /// Loads DIR's config.json and model.safetensors and the inputs (DIR/inputs.safetensors by
    /// default), keeping the first `limit`; every error is one line naming the file.
    init(model: String, inputs: String?, limit: Int?) throws {
        let folder = URL(fileURLWithPath: model)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw InputError("--model: '\(model)' is not a folder")
        }
        do {
            weights = try EncoderLoader.load(directory: folder)
            inputsURL = inputs.map { URL(fileURLWithPath: $0) } ?? folder.appendingPathComponent("inputs.safetensors")
            var samples = try EncoderInputs.load(inputsURL, sentences: folder.appendingPathComponent("sentences.json"))
            if let limit { samples = Array(samples.prefix(limit)) }
            for s in samples where s.input.shape[1] != weights.config.hiddenSize {
                throw InputError("input \(s.name) has \(s.input.shape[1]) features, the model's hidden size is \(weights.config.hiddenSize)")
            }
            self.samples = samples
            reference = try ReferenceEncoder(weights)
        } catch let error as OperatorError {
            throw InputError("\(error)")
        }
    }

    /// The pipeline calibrated on the inputs (spec §5).
    func study(_ configuration: PipelineConfiguration) throws -> ConversionStudy {
        do {
            let released = configuration.kind == .sta && configuration.groupOperators == .released ? try ReleasedGroupOperators.load() : nil
            let calibration = try PipelineCalibrator.calibrate(
                reference: reference, samples: samples, configuration: configuration, released: released)
            return ConversionStudy(reference: reference, calibration: calibration)
        } catch let error as OperatorError {
            throw InputError("\(error)")
        }
    }
}
