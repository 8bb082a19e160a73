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
/// embeddings), then each task's texts (a similarity task's distinct texts), task after task.
/// Thresholds are calibrated on the primary inputs when there are any, else on the tasks' texts:
/// a task is evaluated on data it was not calibrated on whenever that is possible. Padded
/// tokens are dropped when the inputs are loaded: the mask would discard every result on them,
/// at a quarter of the fixture's cost.
public struct StudyInputs: Sendable {
    public let checkpoint: Checkpoint
    public let samples: [EncoderSample]
    public let calibrationSamples: [EncoderSample]
    public let reference: ReferenceEncoder<Double>
    /// The input files that were read (the tensors or texts file, the task files).
    public let inputFiles: [URL]
    /// The tasks, in the order given: the similarity tasks (`pairs`), then the classification
    /// tasks (`labels`), then the image classification tasks (`imageClasses`), then the head's
    /// agreement (`head`).
    public let tasks: [StudyTask]

    public var weights: EncoderWeights<Double> { checkpoint.weights }

    /// Loads DIR (config.json and the weights; the embeddings, tokenizer and pooling where the
    /// folder has them) and the inputs; every error is one line naming the file.
    ///
    /// The Double reference runs every sample once to refuse one that overflows; `checking`
    /// limits that to a shard's samples (a shard that runs from a calibration file needs no
    /// other), and nil skips it (a merge, which runs no sample).
    public init(model: String, options: InputSelection, checking: StudyShard? = .whole) throws {
        let folder = URL(fileURLWithPath: model)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory),
            isDirectory.boolValue || folder.pathExtension.lowercased() == "onnx"
        else {
            throw StudyError("--model: '\(model)' is not a folder (or an .onnx file)")
        }
        do {
            let loaded = try Checkpoint(directory: folder, maxTokens: options.maxTokens)
            checkpoint = try options.imageSize.map { try loaded.withImageSize($0) } ?? loaded
            var files = [URL]()
            var samples = [EncoderSample]()
            let defaultInputs = checkpoint.modelDirectory.appendingPathComponent("inputs.safetensors")
            if let texts = options.texts {
                let url = URL(fileURLWithPath: texts)
                var lines = try TextInputs.texts(url)
                if let limit = options.inputsLimit { lines = Array(lines.prefix(limit)) }
                samples = try TextInputs.samples(lines, prefix: "text", checkpoint: checkpoint)
                files.append(url)
            } else if let images = options.images {
                let url = URL(fileURLWithPath: images)
                samples = try ImageInputs.samples(url, prefix: "image", checkpoint: checkpoint, limit: options.inputsLimit)
                files.append(url)
            } else if options.inputs != nil || FileManager.default.fileExists(atPath: defaultInputs.path) {
                let url = options.inputs.map { URL(fileURLWithPath: $0) } ?? defaultInputs
                samples = try EncoderInputs.load(url, sentences: checkpoint.modelDirectory.appendingPathComponent("sentences.json"))
                if let limit = options.inputsLimit { samples = Array(samples.prefix(limit)) }
                files.append(url)
            } else if options.head != nil {
                throw StudyError("--head classifies the primary inputs: give --texts FILE or --inputs FILE")
            } else if options.pairs.isEmpty, options.labels.isEmpty, options.imageClasses.isEmpty {
                throw StudyError(
                    checkpoint.vision != nil
                        ? "\(model) has no inputs.safetensors: give --images DIR (PNG or JPEG files) or --image-classes DIR (DIR/CLASS/IMAGE)"
                        : "\(model) has no inputs.safetensors: give --texts FILE (one text per line), --pairs FILE.tsv or --labels FILE")
            }
            // A study runs the tokens that count only (EncoderSample.unpadded).
            samples = samples.map(\.unpadded)
            let primary = samples
            var tasks = [StudyTask]()
            // The first task's texts are PREFIX.K, a later task's PREFIX2.K, PREFIX3.K, …
            func prefix(_ base: String, _ k: Int) -> String { k == 0 ? base : "\(base)\(k + 1)" }
            for (k, pairs) in options.pairs.enumerated() {
                let url = URL(fileURLWithPath: pairs)
                let (taskSamples, task) = try TextInputs.similarity(url, prefix: prefix("pair", k), checkpoint: checkpoint)
                samples += taskSamples
                tasks.append(.similarity(task))
                files.append(url)
            }
            for (k, labels) in options.labels.enumerated() {
                let url = URL(fileURLWithPath: labels)
                let (taskSamples, task) = try TextInputs.classification(url, prefix: prefix("labelled", k), checkpoint: checkpoint)
                samples += taskSamples
                tasks.append(.classification(task))
                files.append(url)
            }
            for (k, classes) in options.imageClasses.enumerated() {
                let url = URL(fileURLWithPath: classes)
                let (taskSamples, task) = try ImageInputs.classification(url, prefix: prefix("classified", k), checkpoint: checkpoint)
                samples += taskSamples
                tasks.append(.classification(task))
                files.append(url)
            }
            if let head = options.head {
                let url = URL(fileURLWithPath: head)
                let loaded = try HeadFile.load(url).head
                let width = checkpoint.weights.config.hiddenSize
                guard loaded.inputs == width else {
                    throw StudyError("--head \(head): the head reads \(loaded.inputs) features, the model's embedding has \(width)")
                }
                tasks.append(.agreement(try AgreementTask(name: url.lastPathComponent, head: loaded, samples: primary.map(\.name))))
                files.append(url)
            }
            self.tasks = tasks
            for s in samples where s.input.shape[1] != checkpoint.weights.config.hiddenSize {
                throw StudyError("input \(s.name) has \(s.input.shape[1]) features, the model's hidden size is \(checkpoint.weights.config.hiddenSize)")
            }
            self.samples = samples
            calibrationSamples = primary.isEmpty ? samples : primary
            inputFiles = files
            reference = try ReferenceEncoder(checkpoint.weights)
            if let checking { try Self.refuseOverflow(checking.positions(of: samples.count).map { samples[$0] }, reference) }
        } catch let error as OperatorError {
            throw StudyError("\(error)")
        }
    }

    /// Refuses `samples` (calibration's, say) when the Double reference overflows on one.
    public func refuseOverflow(_ samples: [EncoderSample]) throws {
        do { try Self.refuseOverflow(samples, reference) } catch let error as OperatorError { throw StudyError("\(error)") }
    }

    /// Refuses a model and inputs whose Double reference leaves the finite doubles (weights or
    /// inputs near Double's or float32's range): every later number would be inf or NaN.
    static func refuseOverflow(_ samples: [EncoderSample], _ reference: ReferenceEncoder<Double>) throws {
        for s in samples {
            let states: [Tensor<Double>]
            do { states = try reference.forward(s.input, mask: s.mask) } catch let error as OperatorError {
                throw StudyError("\(s.name): the Double reference ANN cannot run it: \(error)")
            }
            if let layer = states.firstIndex(where: { !$0.values.allSatisfy(\.isFinite) }) {
                throw StudyError(
                    "\(s.name): the Double reference ANN's layer \(layer) output is not finite (it overflows double precision): the weights or inputs are too large")
            }
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

    /// Each task's metric on a run, in task order.
    public func taskResults(_ result: ConversionResult) throws -> [TaskResult] {
        do { return try tasks.map { try $0.evaluate(result) } } catch let error as OperatorError { throw StudyError("\(error)") }
    }

    /// The exact ANN's enclosures (B-CERT) of the first `count` samples, computed once and shared
    /// by the pipelines; nil for none.
    public func enclosures(first count: Int) throws -> ReferenceEnclosures? {
        count == 0 ? nil : try ReferenceEnclosures(weights: weights, samples: Array(samples.prefix(count)))
    }
}
