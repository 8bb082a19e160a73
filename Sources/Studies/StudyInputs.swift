import Foundation
import Bounds
import ModelIO
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// A model folder and its inputs, loaded once and calibrated for any pipeline: what every
/// study (`run`, `report`) starts from.
///
/// The samples are the primary inputs (tensors, or texts through the checkpoint's tokenizer and
/// embeddings), then the similarity task's distinct texts. Thresholds are calibrated on the
/// primary inputs when there are any, else on the task's texts: a task is evaluated on data it
/// was not calibrated on whenever that is possible. Padded tokens are dropped when the inputs
/// are loaded: the mask would discard every result on them, at a quarter of the fixture's cost.
public struct StudyInputs: Sendable {
    public let checkpoint: Checkpoint
    public let samples: [EncoderSample]
    public let calibrationSamples: [EncoderSample]
    public let reference: ReferenceEncoder<Double>
    /// The input files that were read (the tensors or texts file, the pairs file).
    public let inputFiles: [URL]
    public let task: StudyTask?

    public var weights: EncoderWeights<Double> { checkpoint.weights }

    /// Loads DIR (config.json and the weights; the embeddings, tokenizer and pooling where the
    /// folder has them) and the inputs; every error is one line naming the file.
    public init(model: String, options: InputSelection) throws {
        let folder = URL(fileURLWithPath: model)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StudyError("--model: '\(model)' is not a folder")
        }
        do {
            checkpoint = try Checkpoint(directory: folder, maxTokens: options.maxTokens)
            var files = [URL]()
            var samples = [EncoderSample]()
            let defaultInputs = checkpoint.modelDirectory.appendingPathComponent("inputs.safetensors")
            if let texts = options.texts {
                let url = URL(fileURLWithPath: texts)
                var lines = try TextInputs.texts(url)
                if let limit = options.inputsLimit { lines = Array(lines.prefix(limit)) }
                samples = try TextInputs.samples(lines, prefix: "text", checkpoint: checkpoint)
                files.append(url)
            } else if options.inputs != nil || FileManager.default.fileExists(atPath: defaultInputs.path) {
                let url = options.inputs.map { URL(fileURLWithPath: $0) } ?? defaultInputs
                samples = try EncoderInputs.load(url, sentences: checkpoint.modelDirectory.appendingPathComponent("sentences.json"))
                if let limit = options.inputsLimit { samples = Array(samples.prefix(limit)) }
                files.append(url)
            } else if options.pairs == nil, options.labels == nil {
                throw StudyError("\(model) has no inputs.safetensors: give --texts FILE (one text per line), --pairs FILE.tsv or --labels FILE")
            }
            // A study runs the tokens that count only (EncoderSample.unpadded).
            samples = samples.map(\.unpadded)
            let primary = samples
            if let pairs = options.pairs {
                let url = URL(fileURLWithPath: pairs)
                let (taskSamples, task) = try TextInputs.similarity(url, prefix: "pair", checkpoint: checkpoint)
                samples += taskSamples
                self.task = .similarity(task)
                files.append(url)
            } else if let labels = options.labels {
                let url = URL(fileURLWithPath: labels)
                let (taskSamples, task) = try TextInputs.classification(url, prefix: "labelled", checkpoint: checkpoint)
                samples += taskSamples
                self.task = .classification(task)
                files.append(url)
            } else {
                task = nil
            }
            for s in samples where s.input.shape[1] != checkpoint.weights.config.hiddenSize {
                throw StudyError("input \(s.name) has \(s.input.shape[1]) features, the model's hidden size is \(checkpoint.weights.config.hiddenSize)")
            }
            self.samples = samples
            calibrationSamples = primary.isEmpty ? samples : primary
            inputFiles = files
            reference = try ReferenceEncoder(checkpoint.weights)
        } catch let error as OperatorError {
            throw StudyError("\(error)")
        }
    }

    /// The pipeline calibrated on the calibration samples (spec §5).
    public func study(_ configuration: PipelineConfiguration) throws -> ConversionStudy {
        do {
            let released = configuration.kind == .sta && configuration.groupOperators == .released ? try ReleasedGroupOperators.load() : nil
            let calibration = try PipelineCalibrator.calibrate(
                reference: reference, samples: calibrationSamples, configuration: configuration, released: released)
            return ConversionStudy(reference: reference, calibration: calibration, pooling: checkpoint.pooling)
        } catch let error as OperatorError {
            throw StudyError("\(error)")
        }
    }

    /// The task's metric on a run, when there is a task.
    public func taskResult(_ result: ConversionResult) throws -> TaskResult? {
        do { return try task?.evaluate(result) } catch let error as OperatorError { throw StudyError("\(error)") }
    }

    /// The exact ANN's enclosures (B-CERT) of the first `count` samples, computed once and shared
    /// by the pipelines; nil for none.
    public func enclosures(first count: Int) throws -> ReferenceEnclosures? {
        count == 0 ? nil : try ReferenceEnclosures(weights: weights, samples: Array(samples.prefix(count)))
    }
}
