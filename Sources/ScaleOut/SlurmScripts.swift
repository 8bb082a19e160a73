/// The Slurm batch scripts of a study's three stages, and a submit script that chains them:
///
/// - calibrate.sbatch: `spikebound calibrate`, writing STUDY/calibration.json;
/// - shards.sbatch: a job array of N tasks, `spikebound report --calibration … --shard auto/N
///   --skip-complete`, each writing STUDY/shards/shard-I-of-N.json (task I runs shard I, also
///   when resubmitted alone with `sbatch --array=I`);
/// - merge.sbatch: `spikebound merge STUDY/shards`, writing the report into STUDY;
/// - submit.sh: submits them with `--dependency=afterok` and `--kill-on-invalid-dep=yes` (a
///   failed calibration cancels the array, a failed task cancels the merge), skipping the
///   calibration job when its file is already there. Run it again after a failure: the shards
///   whose records are complete are skipped (`--skip-complete`) and only the rest run.
///
/// Every path is absolute and each job runs in `workingDirectory` (where the model and input
/// paths of `arguments` resolve), so the scripts can be submitted from anywhere.
public struct SlurmScripts: Sendable, Equatable {
    /// What each job asks Slurm for; nil leaves the cluster's default.
    public struct Resources: Sendable, Equatable {
        public var partition: String?
        public var time: String?
        public var cpusPerTask: Int?
        public var memory: String?
        public var account: String?

        public init(partition: String? = nil, time: String? = nil, cpusPerTask: Int? = nil, memory: String? = nil, account: String? = nil) {
            self.partition = partition
            self.time = time
            self.cpusPerTask = cpusPerTask
            self.memory = memory
            self.account = account
        }
    }

    /// The spikebound executable (absolute).
    public var executable: String
    /// The study's options, shell-quoted, as `report` takes them (no --out, --shard or
    /// --calibration).
    public var arguments: String
    /// The study's name, for the jobs' names.
    public var name: String
    public var shards: Int
    /// The study folder (absolute): calibration.json, shards/, the report, slurm/.
    public var folder: String
    public var workingDirectory: String
    public var resources: Resources

    public init(
        executable: String, arguments: String, name: String, shards: Int, folder: String, workingDirectory: String, resources: Resources
    ) {
        self.executable = executable
        self.arguments = arguments
        self.name = name
        self.shards = shards
        self.folder = folder
        self.workingDirectory = workingDirectory
        self.resources = resources
    }

    public var calibration: String { folder + "/calibration.json" }
    public var shardFolder: String { folder + "/shards" }
    public var scriptFolder: String { folder + "/slurm" }

    /// The four files, by name (in `scriptFolder`).
    public var files: [(name: String, contents: String)] {
        let exe = quoted(executable)
        return [
            ("calibrate.sbatch", script(
                job: "calibrate", array: nil,
                command: "\(exe) calibrate \(arguments) --out \(quoted(calibration)) --quiet")),
            ("shards.sbatch", script(
                job: "shards", array: "0-\(shards - 1)",
                command: "\(exe) report \(arguments) --calibration \(quoted(calibration)) --shard auto/\(shards) --skip-complete --out \(quoted(shardFolder)) --quiet")),
            ("merge.sbatch", script(job: "merge", array: nil, command: "\(exe) merge \(quoted(shardFolder)) --out \(quoted(folder))")),
            ("submit.sh", submit),
        ]
    }

    func script(job: String, array: String?, command: String) -> String {
        var lines = ["#!/bin/sh", "#SBATCH --job-name=\(jobName(job))", "#SBATCH --chdir=\(workingDirectory)"]
        lines.append("#SBATCH --output=\(scriptFolder)/logs/%x-%A\(array == nil ? "" : "_%a").out")
        if let array { lines.append("#SBATCH --array=\(array)") }
        lines.append("#SBATCH --ntasks=1")
        if let p = resources.partition { lines.append("#SBATCH --partition=\(p)") }
        if let t = resources.time { lines.append("#SBATCH --time=\(t)") }
        if let c = resources.cpusPerTask { lines.append("#SBATCH --cpus-per-task=\(c)") }
        if let m = resources.memory { lines.append("#SBATCH --mem=\(m)") }
        if let a = resources.account { lines.append("#SBATCH --account=\(a)") }
        lines += ["set -eu", "exec \(command)"]
        return lines.joined(separator: "\n") + "\n"
    }

    func jobName(_ stage: String) -> String {
        let safe = name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }
        return "spikebound-\(String(safe))-\(stage)"
    }

    var submit: String {
        let dir = quoted(scriptFolder)
        return """
            #!/bin/sh
            # Submits the study's three stages; run it again after a failure (complete shards are skipped).
            # Prints the three job ids (calibration, array, merge); the report is written to \(folder).
            set -eu
            mkdir -p \(dir)/logs \(quoted(shardFolder))
            if [ -s \(quoted(calibration)) ]; then
                calibration=""
                array=$(sbatch --parsable \(dir)/shards.sbatch)
            else
                calibration=$(sbatch --parsable \(dir)/calibrate.sbatch)
                # --parsable prints ID or, on a federation, ID;CLUSTER.
                calibration=${calibration%%;*}
                array=$(sbatch --parsable --dependency=afterok:"$calibration" --kill-on-invalid-dep=yes \(dir)/shards.sbatch)
            fi
            array=${array%%;*}
            merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes \(dir)/merge.sbatch)
            merge=${merge%%;*}
            echo "calibration ${calibration:-done} array $array merge $merge"

            """
    }

    func quoted(_ s: String) -> String { ShellWord.quoted(s) }
}
