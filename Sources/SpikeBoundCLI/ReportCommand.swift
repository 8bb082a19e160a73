import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import Reports
import ScaleOut
import SpikingOperators
import SpikingPipelines
import Synchronization
import Studies
import Tensors

/// `spikebound report`: the main job. Converts a model with each pipeline, bounds and measures
/// the conversion error per layer, site and T, and writes report.json, report.md and
/// index.html under reports/NAME.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Run the conversion study and write report.json, report.md and index.html (the main job).",
        discussion: """
            With no arguments: the embedded all-MiniLM-L6-v2 fixture (Fixtures/minilm-l6, 18 sentences), both \
            pipelines (ECMT and STA), T ∈ {1, 2, 4, 8, 16, 32, 64}, the a priori bound over the first \
            sentence for both (B-NET for ECMT, B-STA for STA), and the task metric of the first 48 SimLex-999 \
            pairs (Fixtures/tasks/simlex-quick.tsv: Spearman of the ANN and the SNN at every T), written to \
            reports/minilm-l6/. About 3 minutes on 2 cores with a release build, with or without OpenBLAS (172 s \
            measured; docs/benchmarks.md); the a priori analyses run beside the inputs. Padded tokens are \
            dropped before the runs (their results would be masked out).

            Inputs and tasks are as for `spikebound run` (--inputs or --texts, --pairs or --labels, --max-tokens), \
            and so are the pipeline settings (--levels, --rule, --placement, --percentile, --burst-limit, \
            --calibration-T, --group-operators, --softmax-shift). The thresholds are calibrated on the primary \
            inputs (the task's texts only when there are none).

            Per pipeline, every input runs once to the largest T (the prefix property gives every T of the grid), \
            with its a posteriori certificate (B-INJ, in Double) and the first --attribute inputs' attribution to \
            neuron sites (B-ATTR). --a-priori bounds the error over the domains of the first inputs (B-NET for \
            ECMT through centred forms about the exact ANN, B-CF; B-STA for STA through centred forms, B-CF-STA, or in \
            intervals at --bits bits where those overflow; with \
            --margin > 0 also the worst error over 16 points of each domain); --certify (default: every input) bounds \
            each input's error against the exact ANN (B-CERT: the ANN enclosed in Arb balls, computed once for both \
            pipelines). Those certified bounds decide each layer's status: \
            unsound (an observed error above its bound), loose or over-tolerance (a bound or an error above its \
            limit in --tolerances), sound, or unchecked (no certified bound ran there).

            Past the inputs that were run: each layer's population bound at every T (POP-OS, proofs/statistics): \
            with confidence --confidence (default 0.95), at least a fraction --coverage (default 0.95) of inputs \
            from the same population have an error at or below it, on max-abs and relative error, and the feature \
            cosine from below; every term is certified (B-CERT, B-COS) except the assumption that the inputs are an \
            independent sample of that population. Too few certified inputs give no bound and the number needed \
            (59 at 0.95/0.95). Every task figure and every drop from the ANN to the SNN has an interval: exact \
            Clopper–Pearson for accuracy and agreement (the fraction of inputs whose SNN top-1 equals the ANN's), \
            the exact McNemar test for a classification drop, a paired bootstrap (approximate) for correlations. \
            Each pipeline's section opens with "T needed": the smallest T of the grid from which a target holds \
            at that confidence (targets from --tolerances: maxDropUpper, population, populationRelative; by \
            default each task's drop ≤ 0.01 and the last layer's relative population bound ≤ 0.1).

            A study too large for one machine runs in three stages (docs/scale-out.md): `spikebound calibrate` \
            writes the calibration file once; `report --calibration FILE --shard I/N` runs every N-th input and \
            writes its records (shard-I-of-N.json, --out default reports/NAME/shards); `spikebound merge` checks \
            that every input is there once and writes the report, the same bytes as an unsharded one apart from \
            provenance. `spikebound slurm` writes the three as Slurm batch scripts.

            report.json (schema spikebound-report/4, docs/report-schema.md) holds everything; report.md and \
            index.html are rendered from it. `spikebound check` gates CI on it. The command exits 0 when it wrote \
            the report, whatever the verdict; 2 on bad input.

            Examples:
              spikebound report
              spikebound report --pipelines ecmt --T 1,4,16,64 --a-priori none
              spikebound report --a-priori ecmt:1,sta:1 --margin 1/1024 --out reports/minilm-domain
              spikebound report --model Fixtures/tiny-vit --a-priori ecmt:1,sta:1 --certify 1 --rounding-check
              spikebound report --certify 0 --a-priori none      (no certified bound: every layer unchecked)
              spikebound report --coverage 0.9 --confidence 0.99 (a population bound for 90% of inputs, at 99%)
              spikebound report --calibration study/calibration.json --shard 2/8 --out study/shards
            """
    )

    @OptionGroup var study: ReportOptions

    @OptionGroup(title: "Scale-out (docs/scale-out.md)")
    var scale: ShardOptions

    @Option(help: ArgumentHelp("The output folder (default: reports/NAME; with --shard, reports/NAME/shards).", valueName: "DIR"))
    var out: String?

    @Flag(help: "No progress on standard error (it is shown only on a terminal, and never when CI is set).")
    var quiet = false

    func validate() throws {
        if scale.skipComplete, scale.shard == nil { throw ValidationError("--skip-complete applies to a shard: give --shard too") }
    }

    func run() throws {
        let started = Date()
        let shard = try scale.resolvedShard()
        let calibrationFile = try scale.calibration.map { (path: $0, calibration: try CalibrationFile.read($0)) }
        // From a calibration file a shard runs (so checks) its own inputs only.
        let study = try ReportStudy(self.study, checking: calibrationFile == nil ? .whole : shard ?? .whole)
        let progress = ProgressLine(quiet: quiet)
        // The progress line ends before anything else is printed, an error included.
        defer { progress.finish() }
        let calibrations = try study.calibrations(from: calibrationFile, progress: progress)
        let hash = try calibrationFile?.calibration.contentHash ?? study.calibrationFile(calibrations).contentHash
        if let shard {
            let folder = out ?? "reports/\(study.name)/shards"
            if scale.skipComplete,
                ShardFile.isComplete(in: folder, tool: study.tool, calibration: hash, header: study.header, shard: shard)
            {
                progress.finish()
                print("shard \(shard): \(folder)/\(ShardFile.fileName(shard)) is complete for this study; skipped")
                return
            }
            let file = try study.shard(shard, calibrations: calibrations, calibrationHash: hash, progress: progress)
            let path = try file.write(into: folder)
            progress.finish()
            let count = file.pipelines.first?.records.count ?? 0
            print("shard \(shard): \(count) of \(study.inputs.samples.count) inputs, wrote \(path) in \(String(format: "%.0f", Date().timeIntervalSince(started))) s")
            return
        }
        let file = try study.shard(.whole, calibrations: calibrations, calibrationHash: hash, progress: progress)
        let merged = try ShardMerge(files: [(path: "in-process", file: file)])
        let report = try ReportStudy.report(
            merged, inputs: study.inputs, tolerances: study.tolerances, calibration: calibrationFile?.calibration.contentHash, shards: nil)
        progress.finish()
        let paths = try ReportFiles.write(report, to: out ?? "reports/\(study.name)")
        print(ReportFiles.summary(report, paths: paths, seconds: Date().timeIntervalSince(started)), terminator: "")
    }
}

/// A word as a POSIX shell reads it back: bare when safe, else in single quotes.
func shellQuoted(_ s: String) -> String { ShellWord.quoted(s) }
