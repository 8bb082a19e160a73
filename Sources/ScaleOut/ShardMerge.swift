import Foundation
import Reports
import SpikingPipelines
import Studies

/// The shards of one study, read and checked for completeness (`spikebound merge`): every
/// input exactly once in every pipeline, one calibration, one tool version and one set of
/// options. Any failure is one line naming what is missing, duplicated or different.
public struct ShardMerge: Sendable {
    public let header: StudyHeader
    public let tool: String
    /// The calibration's content hash.
    public let calibration: String
    /// The shard files, as read (paths), in shard order.
    public let shards: [String]
    /// Per pipeline of the header, in its order: the group operators' errors and every input's
    /// record, in input order.
    public let pipelines: [ShardFile.Pipeline]
    public let rounding: [LayerRounding]?

    /// The shard files in `paths`, each as given (a folder's files as FOLDER/NAME): each path a
    /// shard file, or a folder whose shard-*-of-*.json files are read.
    public static func files(in paths: [String]) throws -> [String] {
        var files = [String]()
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StudyFileError("\(path): no such file or folder")
            }
            if isDirectory.boolValue {
                let names: [String]
                do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
                    throw StudyFileError("\(path): cannot list the folder (\(error.localizedDescription))")
                }
                let shards = names.filter { $0.hasPrefix("shard-") && $0.hasSuffix(".json") }.sorted()
                guard !shards.isEmpty else { throw StudyFileError("\(path): no shard-*-of-*.json files in this folder") }
                files += shards.map { (path.hasSuffix("/") ? path : path + "/") + $0 }
            } else {
                files.append(path)
            }
        }
        return files
    }

    /// Reads and checks the shards at `paths`.
    public init(paths: [String]) throws {
        try self.init(files: try Self.files(in: paths).map { ($0, try ShardFile.read($0)) })
    }

    /// Checks shard files already read (path, file).
    public init(files: [(path: String, file: ShardFile)]) throws {
        guard let first = files.first else { throw StudyFileError("no shard files to merge") }
        for (path, f) in files.dropFirst() {
            if f.tool != first.file.tool {
                throw StudyFileError("\(path) was written by \(f.tool), \(first.path) by \(first.file.tool): merge shards of one version")
            }
            if f.calibration != first.file.calibration {
                throw StudyFileError("\(path) and \(first.path) used different calibrations (\(f.calibration.prefix(12)) and \(first.file.calibration.prefix(12))): run every shard with one --calibration FILE")
            }
            if f.header != first.file.header {
                throw StudyFileError("\(path) and \(first.path) are shards of different studies (\(Self.headerDifference(f.header, first.file.header)))")
            }
        }
        let header = first.file.header
        let inputs = header.model.inputs
        // Shards of one count N: each of the N files exactly once, an empty one included (a
        // shard that never ran is named even when it would have held no input).
        let counts = Set(files.map(\.file.shard.count))
        if counts.count == 1, let n = counts.first {
            var seen = [Int: String]()
            for (path, f) in files {
                if let other = seen[f.shard.index] { throw StudyFileError("shard \(f.shard) is given twice: \(other) and \(path)") }
                seen[f.shard.index] = path
            }
            let absent = (0..<n).filter { seen[$0] == nil }
            if !absent.isEmpty {
                let names = absent.prefix(5).map { ShardFile.fileName(index: $0, count: n) }
                let more = absent.count > 5 ? " and \(absent.count - 5) more" : ""
                throw StudyFileError("incomplete: \(absent.count) of \(n) shards have no file (\(names.joined(separator: ", "))\(more))")
            }
        }
        var pipelines = [ShardFile.Pipeline]()
        for part in header.pipelines {
            var owner = [Int: String]()
            var records = [InputRecord?](repeating: nil, count: inputs.count)
            var operatorErrors: [OperatorDomainError]?
            for (path, f) in files {
                guard let p = f.pipelines.first(where: { $0.pipeline == part.pipeline }) else {
                    throw StudyFileError("\(path) has no \(part.pipeline.rawValue) records")
                }
                operatorErrors = operatorErrors ?? p.operatorErrors
                for r in p.records {
                    guard inputs.indices.contains(r.index), inputs[r.index] == r.sample else {
                        throw StudyFileError("\(path): \(r.sample) at position \(r.index) is not one of the study's inputs")
                    }
                    if let other = owner[r.index] {
                        throw StudyFileError("\(r.sample) (\(part.pipeline.rawValue)) is in two shard files: \(other) and \(path)")
                    }
                    owner[r.index] = path
                    records[r.index] = r
                }
            }
            let missing = inputs.indices.filter { records[$0] == nil }
            if !missing.isEmpty {
                throw StudyFileError(Self.missingMessage(missing, inputs: inputs, pipeline: part.pipeline))
            }
            pipelines.append(ShardFile.Pipeline(pipeline: part.pipeline, operatorErrors: operatorErrors ?? [], records: records.compactMap { $0 }))
        }
        let rounding = files.first { $0.file.shard.contains(0) && $0.file.rounding != nil }?.file.rounding
        if header.roundingCheck, rounding == nil, !inputs.isEmpty {
            throw StudyFileError("no shard holds the rounding check of the first input (\(inputs[0]))")
        }
        self.header = header
        tool = first.file.tool
        calibration = first.file.calibration
        shards = files.sorted { ($0.file.shard.count, $0.file.shard.index) < ($1.file.shard.count, $1.file.shard.index) }.map(\.path)
        self.pipelines = pipelines
        self.rounding = header.roundingCheck ? rounding : nil
    }

    /// What is missing: the inputs (the first five and how many).
    static func missingMessage(_ missing: [Int], inputs: [String], pipeline: PipelineKind) -> String {
        let names = missing.prefix(5).map { inputs[$0] }
        let more = missing.count > 5 ? " and \(missing.count - 5) more" : ""
        return "incomplete: \(missing.count) of \(inputs.count) inputs have no \(pipeline.rawValue) record (\(names.joined(separator: ", "))\(more))"
    }

    /// Refuses, in one line, a merge whose model or inputs `inputs` (read again by the merging
    /// process) are not the ones the shards ran: any file's SHA-256, or the model folder's.
    public func checkUnchanged(_ inputs: StudyInputs) throws {
        let now = try ModelProvenance(model: header.model.path, inputs: inputs)
        if let changed = firstDifference(now.sha256, header.model.sha256) {
            throw StudyFileError("\(changed) has changed since the shards ran (its SHA-256 differs): rerun the study")
        }
        if try ContentHash.modelFolder(inputs) != header.modelFolder {
            throw StudyFileError("a file of the model folder \(header.model.path) has changed since the shards ran: rerun the study")
        }
    }

    /// The first field in which two headers differ, for the message.
    static func headerDifference(_ a: StudyHeader, _ b: StudyHeader) -> String {
        if a.model != b.model || a.modelFolder != b.modelFolder {
            return a.model.sha256 != b.model.sha256 || a.modelFolder != b.modelFolder ? "another model or inputs" : "other inputs"
        }
        if a.steps != b.steps { return "T \(a.steps) and \(b.steps)" }
        if let name = firstDifference(a.options, b.options) {
            return "--\(name): \(a.options[name] ?? "unset") and \(b.options[name] ?? "unset")"
        }
        if a.name != b.name { return "names \(a.name) and \(b.name)" }
        if a.selection != b.selection { return "other input options" }
        for (x, y) in zip(a.pipelines, b.pipelines) where x != y { return "other \(x.pipeline.rawValue) settings" }
        if a.pipelines.map(\.pipeline) != b.pipelines.map(\.pipeline) { return "other pipelines" }
        if a.tolerances != b.tolerances { return "tolerances \(a.tolerances ?? "none") and \(b.tolerances ?? "none")" }
        if a.coverage != b.coverage || a.confidence != b.confidence { return "other --coverage or --confidence" }
        return "other options"
    }
}
