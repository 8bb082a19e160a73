import ArgumentParser
import Foundation
import Studies

/// A report's scale-out options: the calibration file it runs from, the shard of its inputs it
/// runs, and whether a shard whose records are complete is skipped.
struct ShardOptions: ParsableArguments {
    @OptionGroup var from: CalibrationOption

    /// The calibration file, if given.
    var calibration: String? { from.calibration }

    @Option(help: ArgumentHelp(
        "Run only shard I of N (input k when k mod N = I, I from 0) and write its records to --out as shard-I-of-N.json, for `spikebound merge`. 'auto' takes I and N from a whole Slurm job array (SLURM_ARRAY_TASK_ID less SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT); 'auto/N' takes I as given by SLURM_ARRAY_TASK_ID or a Kubernetes Indexed Job's JOB_COMPLETION_INDEX.",
        valueName: "I/N|auto|auto/N"))
    var shard: String?

    @Flag(help: "With --shard: do nothing when --out already holds this shard's complete records for the same study and calibration (a resubmitted job array reruns only the shards that failed).")
    var skipComplete = false

    func validate() throws {
        // Parsed here too, so that a malformed I/N is a usage error before any input is read
        // (auto is read from the environment when the command runs).
        if let shard, !shard.hasPrefix("auto") {
            do { _ = try StudyShard(parsing: shard, environment: [:]) } catch let e as StudyError { throw ValidationError(e.description) }
        }
    }

    /// The shard to run, nil for the whole study.
    func resolvedShard(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StudyShard? {
        try shard.map { try StudyShard(parsing: $0, environment: environment) }
    }
}
