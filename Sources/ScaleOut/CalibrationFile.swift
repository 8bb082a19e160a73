import Diagnostics
import Foundation
import Reports
import SpikingPipelines
import Studies

/// A calibrated conversion as one file (`spikebound calibrate`, schema
/// spikebound-calibration/1): per pipeline, every threshold and STA's group operators (exact
/// rationals) with every setting the pipeline was made with; the model's and inputs' SHA-256
/// (the calibration samples are the inputs); the options that chose the inputs; the tool's
/// version; and a content hash, the SHA-256 of the file's canonical JSON with the hash left
/// empty. Shards carry that hash, so that a merge can refuse records of two calibrations.
///
/// Reading checks the schema and the content hash (a file edited by hand, or cut short, is
/// refused); `check` refuses a file made for another model or inputs, with other options, or
/// by another version, naming the first difference.
public struct CalibrationFile: Codable, Sendable {
    public static let currentSchema = "spikebound-calibration/1"

    public var schema: String
    /// `spikebound VERSION`.
    public var tool: String
    /// The model folder as given, its files' and the input files' SHA-256, and the inputs.
    public var model: ModelProvenance
    /// The SHA-256 of every file of the model folder (`ContentHash.modelFolder`).
    public var modelFolder: String
    /// The options that chose the inputs.
    public var selection: InputSelection
    public var pipelines: [Pipeline]
    /// SHA-256 of the canonical JSON of this file with `contentHash` empty.
    public var contentHash: String

    public struct Pipeline: Codable, Sendable {
        public var pipeline: PipelineKind
        /// Every setting (`PipelineConfiguration.identity`).
        public var settings: [String: String]
        public var calibration: CalibrationRecord
    }

    /// A file for `calibrations` (one per pipeline, in order), its content hash computed.
    public init(
        tool: String, model: ModelProvenance, modelFolder: String, selection: InputSelection, calibrations: [PipelineCalibration]
    ) throws {
        schema = Self.currentSchema
        self.tool = tool
        self.model = model
        self.modelFolder = modelFolder
        self.selection = selection
        pipelines = calibrations.map {
            Pipeline(pipeline: $0.configuration.kind, settings: $0.configuration.identity, calibration: $0.record)
        }
        contentHash = ""
        contentHash = try computedHash()
    }

    func computedHash() throws -> String {
        var copy = self
        copy.contentHash = ""
        return ContentHash.sha256(try CanonicalJSON.encode(copy))
    }

    /// The file's bytes (canonical JSON, one line and a newline).
    public func encoded() throws -> Data { try CanonicalJSON.encode(self) + Data("\n".utf8) }

    /// Writes the file whole or not at all.
    public func write(to path: String) throws {
        let url = URL(fileURLWithPath: path)
        do {
            try OutputFiles.write([(name: url.lastPathComponent, contents: try encoded())], into: url.deletingLastPathComponent())
        } catch let problem as FileProblem {
            throw StudyFileError("--out: \(problem)")
        }
    }

    /// Reads and checks a calibration file: its schema, and that its content hash is the hash
    /// of what it holds.
    public static func read(_ path: String) throws -> CalibrationFile {
        let data: Data
        do { data = try InputFile.read(URL(fileURLWithPath: path)) } catch { throw StudyFileError("--calibration \(error)") }
        let file: CalibrationFile
        do { file = try CanonicalJSON.decode(CalibrationFile.self, from: data) } catch {
            if let schema = try? CanonicalJSON.decode(SchemaOnly.self, from: data), schema.schema != currentSchema {
                throw StudyFileError("--calibration \(path): schema '\(schema.schema)', expected \(currentSchema)")
            }
            throw StudyFileError("--calibration \(path): not a calibration file (\(CanonicalJSON.reason(error)))")
        }
        guard file.schema == currentSchema else {
            throw StudyFileError("--calibration \(path): schema '\(file.schema)', expected \(currentSchema)")
        }
        guard try file.computedHash() == file.contentHash else {
            throw StudyFileError("--calibration \(path): its content does not match its hash (edited or damaged); calibrate again")
        }
        return file
    }

    struct SchemaOnly: Decodable { let schema: String }

    /// The calibration of `configuration`, after checking that this file was made by `tool`
    /// for the model and inputs of `model` (their SHA-256) and the model folder `modelFolder`,
    /// the input options `selection`, and `configuration`'s settings. The first difference is a one-line error naming `path`.
    public func calibration(
        for configuration: PipelineConfiguration, tool: String, model: ModelProvenance, modelFolder: String, selection: InputSelection,
        path: String
    ) throws -> PipelineCalibration {
        let prefix = "--calibration \(path)"
        guard self.tool == tool else { throw StudyFileError("\(prefix): made by \(self.tool), this is \(tool); calibrate again") }
        if let name = firstDifference(self.model.sha256, model.sha256) {
            let what = self.model.sha256[name] == nil ? "has no \(name)" : model.sha256[name] == nil ? "has \(name), not given here" : "\(name) differs"
            throw StudyFileError("\(prefix): made for another model or other inputs (\(what)); calibrate again")
        }
        if self.modelFolder != modelFolder {
            throw StudyFileError("\(prefix): made for another model (a file of the model folder differs); calibrate again")
        }
        if self.model.inputs != model.inputs {
            throw StudyFileError("\(prefix): made for other inputs (\(self.model.inputs.count) there, \(model.inputs.count) here); calibrate again")
        }
        if let difference = Self.difference(self.selection.settings, selection.settings) {
            throw StudyFileError("\(prefix): made with other input options (\(difference)); calibrate again")
        }
        guard let entry = pipelines.first(where: { $0.pipeline == configuration.kind }) else {
            throw StudyFileError(
                "\(prefix): has no \(configuration.kind.rawValue) calibration (it has \(pipelines.map(\.pipeline.rawValue).joined(separator: ", ")))")
        }
        if let difference = Self.difference(entry.settings, configuration.identity) {
            throw StudyFileError("\(prefix): made with other \(configuration.kind.rawValue) settings (\(difference)); calibrate again")
        }
        guard entry.calibration.layers.count == model.layers else {
            throw StudyFileError("\(prefix): calibrates \(entry.calibration.layers.count) layers, the model has \(model.layers)")
        }
        return PipelineCalibration(configuration: configuration, record: entry.calibration)
    }

    /// The first setting (in name order) that differs: "NAME: A there, B here".
    static func difference(_ there: [String: String], _ here: [String: String]) -> String? {
        firstDifference(there, here).map { "\($0): \(there[$0] ?? "unset") there, \(here[$0] ?? "unset") here" }
    }
}
