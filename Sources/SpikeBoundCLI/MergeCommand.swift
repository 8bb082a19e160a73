import ArgumentParser
import Foundation
import Reports
import ScaleOut
import Studies

/// `spikebound merge`: the last stage of a sharded study. Checks that the shards are complete
/// and of one study, then computes everything global and writes the report.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a study's shard records into report.json, report.md and index.html.",
        discussion: """
            Reads every shard-I-of-N.json in the folders given (or the files given), written by `spikebound report \
            --shard`, and checks them: every input exactly once for every pipeline, one calibration, one tool \
            version, one set of options. What is missing or duplicated is named and the command exits 2. It then \
            reads the study's inputs again (for the tasks' labels and pairs; nothing is run), checks that the model \
            and inputs still have the SHA-256 the shards recorded, recomputes everything global (the layers' \
            errors, task metrics, intervals, population bounds, T needed, verdicts) and writes the report. The \
            report equals the unsharded one byte for byte apart from its provenance, which names the shards (and \
            the date). Run it from the folder the shards ran in: the model and input paths are as they were given.

            Examples:
              spikebound merge reports/minilm-l6/shards
              spikebound merge study/shards --out study/report
            """
    )

    @Argument(help: ArgumentHelp("Folders of shard files, or shard files.", valueName: "DIR"))
    var paths: [String]

    @Option(help: ArgumentHelp("The output folder (default: reports/NAME, NAME the study's).", valueName: "DIR"))
    var out: String?

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give the folder of shard files (or the files) to merge") }
    }

    func run() throws {
        let started = Date()
        let merged = try ShardMerge(paths: paths)
        guard merged.tool == SpikeBoundVersion.tool else {
            throw InputError("the shards were written by \(merged.tool), this is \(SpikeBoundVersion.tool): merge them with the version that wrote them")
        }
        let header = merged.header
        let tolerances = try ReportStudy.tolerances(header.tolerances)
        let inputs = try StudyInputs(model: header.model.path, options: header.selection, checking: nil)
        try merged.checkUnchanged(inputs)
        let report = try ReportStudy.report(
            merged, inputs: inputs, tolerances: tolerances, calibration: merged.calibration, shards: merged.shards)
        let paths = try ReportFiles.write(report, to: out ?? "reports/\(header.name)")
        print("merged \(merged.shards.count) shard file\(merged.shards.count == 1 ? "" : "s")")
        print(ReportFiles.summary(report, paths: paths, seconds: Date().timeIntervalSince(started)), terminator: "")
    }
}
