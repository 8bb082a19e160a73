import ArgumentParser
import Foundation
import ScaleOut

/// `spikebound calibrate`: the first stage of a study that outgrows one machine. Calibrates every
/// pipeline once and writes the calibration file that `report --calibration` (every shard) and
/// `run --calibration` run from.
struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Calibrate a study's pipelines once and write the calibration file its shards run from.",
        discussion: """
            Takes the options of `spikebound report` (give the same ones to every stage) and writes one file \
            (schema spikebound-calibration/1): per pipeline its thresholds and STA's group operators as exact \
            rationals, with every setting; the SHA-256 of the model's and the inputs' files; the options that chose \
            the inputs; the tool's version; and a content hash. `report --calibration FILE` and `run --calibration \
            FILE` run from it and give the study that calibrates in-process, byte for byte; they refuse, in one line, \
            a file made for another model or inputs, with other options or by another version. Thresholds are \
            calibrated on the primary inputs (the tasks' texts when there are none), as in a report.

            The three stages (docs/scale-out.md):
              spikebound calibrate OPTIONS --out study/calibration.json
              spikebound report OPTIONS --calibration study/calibration.json --shard I/N --out study/shards   (I = 0 … N−1)
              spikebound merge study/shards --out study/report
            `spikebound slurm OPTIONS --shards N` writes them as Slurm batch scripts.
            """
    )

    @OptionGroup var study: ReportOptions

    @Option(help: ArgumentHelp("The calibration file to write (default: reports/NAME/calibration.json).", valueName: "FILE"))
    var out: String?

    @Flag(help: "No progress on standard error.")
    var quiet = false

    func run() throws {
        let started = Date()
        // Only the calibration samples run here; each shard checks its own inputs.
        let study = try ReportStudy(self.study, checking: nil)
        try study.inputs.refuseOverflow(study.inputs.calibrationSamples)
        let progress = ProgressLine(quiet: quiet)
        defer { progress.finish() }
        let file = try study.calibrationFile(try study.calibrations(from: nil, progress: progress))
        let path = out ?? "reports/\(study.name)/calibration.json"
        try file.write(to: path)
        progress.finish()
        print("calibrated \(study.options.pipelines.map(\.rawValue).joined(separator: ", ")) on \(study.inputs.calibrationSamples.count) inputs; wrote \(path) (SHA-256 \(file.contentHash.prefix(12))) in \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
    }
}
