import ArgumentParser
import Diagnostics
import Foundation
import ScaleOut

/// `spikebound slurm`: writes a study's three stages as Slurm batch scripts.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write Slurm batch scripts that calibrate once, run a study's shards as a job array and merge them.",
        discussion: """
            Takes the options of `spikebound report` and writes, into STUDY/slurm (STUDY is --study, default \
            reports/NAME): calibrate.sbatch (`spikebound calibrate`), shards.sbatch (a job array of --shards tasks, \
            each `spikebound report --calibration STUDY/calibration.json --shard auto/N --skip-complete`), merge.sbatch \
            (`spikebound merge STUDY/shards --out STUDY`) and submit.sh, which submits them chained with \
            --dependency=afterok and --kill-on-invalid-dep=yes. Run submit.sh on the cluster's login node; run it \
            again after a failure: the calibration is kept and complete shards are skipped. Jobs run in the current \
            folder (--chdir), where the model and input paths resolve; their logs go to STUDY/slurm/logs. Nothing is \
            submitted unless --submit is given.

            Examples:
              spikebound slurm --shards 8 --time 02:00:00 --cpus-per-task 4 --mem 8G
              spikebound slurm --model Fixtures/tiny-bert --a-priori none --shards 3 --submit
            """
    )

    @OptionGroup var study: ReportOptions

    @OptionGroup(title: "Slurm")
    var slurm: SlurmOptions

    func run() throws {
        let resolved = try ReportStudy(self.study, checking: nil)
        let cwd = FileManager.default.currentDirectoryPath
        let folder = URL(fileURLWithPath: slurm.study ?? "reports/\(resolved.name)", relativeTo: URL(fileURLWithPath: cwd)).standardizedFileURL.path
        let executable = try slurm.executable ?? Self.thisExecutable()
        for (what, path) in [("the study folder", folder), ("the working folder", cwd), ("--spikebound", executable)]
        where path.contains(where: \.isWhitespace) {
            throw InputError("\(what) '\(path)' has a space, which #SBATCH lines cannot carry: use a path without spaces")
        }
        let command = resolved.header.command
        let prefix = "spikebound report "
        guard command.hasPrefix(prefix) else { throw InputError("internal: the study's command does not start with '\(prefix)'") }
        var arguments = String(command.dropFirst(prefix.count))
        if let name = study.name { arguments += " --name \(shellQuoted(name))" }
        let scripts = SlurmScripts(
            executable: executable, arguments: arguments, name: resolved.name, shards: slurm.shards, folder: folder,
            workingDirectory: cwd, resources: slurm.resources)
        let files = scripts.files.map { (name: $0.name, contents: Data($0.contents.utf8)) }
        let scriptURL = URL(fileURLWithPath: scripts.scriptFolder)
        do { try OutputFiles.write(files, into: scriptURL) } catch { throw InputError("--study: \(error)") }
        for file in files {
            let path = scriptURL.appendingPathComponent(file.name).path
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        }
        let submit = scriptURL.appendingPathComponent("submit.sh").path
        print("wrote \(files.map(\.name).joined(separator: ", ")) into \(scripts.scriptFolder)")
        guard slurm.submit else {
            print("submit with: \(shellQuoted(submit))   (the report will be in \(folder))")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [submit]
        do { try process.run() } catch { throw InputError("cannot run \(submit): \(error.localizedDescription)") }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw InputError("\(submit) failed (exit \(process.terminationStatus)): is sbatch on PATH and SLURM_CONF set?")
        }
    }

    /// This process's executable, as an absolute path.
    static func thisExecutable() throws -> String {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard path.hasPrefix("/") else { throw InputError("cannot tell where this spikebound executable is: give --spikebound PATH") }
        return path
    }
}

/// What `spikebound slurm` asks Slurm for and where it writes.
struct SlurmOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The number of shards: array tasks, each running every N-th input (default 4).", valueName: "N"))
    var shards = 4

    @Option(help: ArgumentHelp("The study folder: calibration.json, shards/, slurm/ and the report (default: reports/NAME).", valueName: "DIR"))
    var study: String?

    @Option(help: ArgumentHelp("#SBATCH --partition for every job (default: the cluster's).", valueName: "NAME"))
    var partition: String?

    @Option(help: ArgumentHelp("#SBATCH --time, the limit per job, e.g. 01:00:00 (default: the partition's).", valueName: "TIME"))
    var time: String?

    @Option(name: .customLong("cpus-per-task"), help: ArgumentHelp("#SBATCH --cpus-per-task: the cores each job uses (default: 1).", valueName: "N"))
    var cpusPerTask: Int?

    @Option(help: ArgumentHelp("#SBATCH --mem per job, e.g. 8G (default: the partition's).", valueName: "SIZE"))
    var mem: String?

    @Option(help: ArgumentHelp("#SBATCH --account to charge (default: none given).", valueName: "NAME"))
    var account: String?

    @Option(help: ArgumentHelp("The spikebound executable the jobs run (default: this one).", valueName: "PATH"))
    var spikebound: String?

    @Flag(help: "Run submit.sh now (sbatch must be on PATH).")
    var submit = false

    var executable: String? { spikebound }

    var resources: SlurmScripts.Resources {
        SlurmScripts.Resources(partition: partition, time: time, cpusPerTask: cpusPerTask, memory: mem, account: account)
    }

    func validate() throws {
        guard shards >= 1 else { throw ValidationError("--shards must be ≥ 1, got \(shards)") }
        if let cpusPerTask, cpusPerTask < 1 { throw ValidationError("--cpus-per-task must be ≥ 1, got \(cpusPerTask)") }
        for (option, value) in [("--partition", partition), ("--time", time), ("--mem", mem), ("--account", account)] {
            if let value, value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "#" }) {
                throw ValidationError("\(option) '\(value)' cannot go on an #SBATCH line (empty, a space or #)")
            }
        }
    }
}
