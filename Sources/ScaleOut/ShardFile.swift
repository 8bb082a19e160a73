import Diagnostics
import Foundation
import SpikingPipelines
import Studies

/// One shard's records (schema spikebound-shard/1), written by `spikebound report --shard i/N`
/// as DIR/shard-i-of-N.json, whole or not at all: the study's header, the calibration's content
/// hash, and per pipeline the records of the shard's inputs (observed errors per layer, site
/// and T; certificates; the embeddings the task metrics need) and the group operators' measured
/// errors; the Double reference's rounding when the shard holds the first input and the study
/// measures it.
public struct ShardFile: Codable, Sendable {
    public static let currentSchema = "spikebound-shard/1"

    public var schema: String
    /// `spikebound VERSION`.
    public var tool: String
    /// The calibration's content hash (`CalibrationFile.contentHash`, also when the shard
    /// calibrated in-process).
    public var calibration: String
    public var header: StudyHeader
    public var shard: StudyShard
    public var pipelines: [Pipeline]
    public var rounding: [LayerRounding]?

    public struct Pipeline: Codable, Sendable {
        public var pipeline: PipelineKind
        public var operatorErrors: [OperatorDomainError]
        public var records: [InputRecord]

        public init(pipeline: PipelineKind, operatorErrors: [OperatorDomainError], records: [InputRecord]) {
            self.pipeline = pipeline
            self.operatorErrors = operatorErrors
            self.records = records
        }
    }

    public init(
        tool: String, calibration: String, header: StudyHeader, shard: StudyShard, pipelines: [Pipeline], rounding: [LayerRounding]?
    ) {
        schema = Self.currentSchema
        self.tool = tool
        self.calibration = calibration
        self.header = header
        self.shard = shard
        self.pipelines = pipelines
        self.rounding = rounding
    }

    /// shard-i-of-N.json.
    public static func fileName(_ shard: StudyShard) -> String { fileName(index: shard.index, count: shard.count) }

    static func fileName(index: Int, count: Int) -> String { "shard-\(index)-of-\(count).json" }

    /// Writes DIR/shard-i-of-N.json whole or not at all; returns its path.
    public func write(into folder: String) throws -> String {
        let url = URL(fileURLWithPath: folder)
        do {
            try OutputFiles.write(
                [(name: Self.fileName(shard), contents: try CanonicalJSON.encode(self) + Data("\n".utf8))], into: url)
        } catch let problem as FileProblem {
            throw StudyFileError("--out: \(problem)")
        }
        return url.appendingPathComponent(Self.fileName(shard)).path
    }

    /// Reads a shard file, naming it (as given) in every error.
    public static func read(_ path: String) throws -> ShardFile {
        let data: Data
        do { data = try InputFile.read(URL(fileURLWithPath: path)) } catch { throw StudyFileError("\(error)") }
        do {
            let file = try CanonicalJSON.decode(ShardFile.self, from: data)
            guard file.schema == currentSchema else {
                throw StudyFileError("\(path): schema '\(file.schema)', expected \(currentSchema)")
            }
            return file
        } catch let error as StudyFileError {
            throw error
        } catch {
            if let schema = try? CanonicalJSON.decode(CalibrationFile.SchemaOnly.self, from: data), schema.schema != currentSchema {
                throw StudyFileError("\(path): schema '\(schema.schema)', expected \(currentSchema)")
            }
            throw StudyFileError("\(path): not a shard file (\(CanonicalJSON.reason(error)))")
        }
    }

    /// Whether the shard file at DIR/shard-i-of-N.json is complete for this study: it reads, and
    /// it has this tool, calibration, header and shard (a resubmitted array task skips it).
    public static func isComplete(in folder: String, tool: String, calibration: String, header: StudyHeader, shard: StudyShard) -> Bool {
        let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName(shard)).path
        guard FileManager.default.fileExists(atPath: path), let file = try? read(path) else { return false }
        return file.tool == tool && file.calibration == calibration && file.header == header && file.shard == shard
            && file.pipelines.map(\.pipeline) == header.pipelines.map(\.pipeline)
    }
}
