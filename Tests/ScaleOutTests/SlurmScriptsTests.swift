import Foundation
import ScaleOut
import Testing

/// The Slurm scripts: each stage's command and #SBATCH lines, the resources passed through,
/// the chain of dependencies in submit.sh, and every script valid for dash (`sh -n`).
@Suite struct SlurmScriptsTests {
    static let scripts = SlurmScripts(
        executable: "/opt/sb/spikebound", arguments: "--model Fixtures/tiny-bert --T 1,4 --texts 'my texts.txt'", name: "tiny bert", shards: 3,
        folder: "/data/study", workingDirectory: "/work/x",
        resources: .init(partition: "gpu", time: "01:00:00", cpusPerTask: 4, memory: "8G", account: "lab"))

    static func file(_ name: String, _ s: SlurmScripts = scripts) throws -> String {
        try #require(s.files.first { $0.name == name }).contents
    }

    @Test func theArrayRunsEveryShardFromTheCalibration() throws {
        let shards = try Self.file("shards.sbatch")
        #expect(shards.contains("#SBATCH --array=0-2\n"))
        #expect(shards.contains("#SBATCH --job-name=spikebound-tiny_bert-shards\n"))
        #expect(shards.contains("#SBATCH --chdir=/work/x\n"))
        #expect(shards.contains("#SBATCH --output=/data/study/slurm/logs/%x-%A_%a.out\n"))
        #expect(shards.contains(
            "exec /opt/sb/spikebound report --model Fixtures/tiny-bert --T 1,4 --texts 'my texts.txt' --calibration /data/study/calibration.json --shard auto/3 --skip-complete --out /data/study/shards --quiet\n"))
        let calibrate = try Self.file("calibrate.sbatch")
        #expect(!calibrate.contains("--array"))
        #expect(calibrate.contains("exec /opt/sb/spikebound calibrate --model Fixtures/tiny-bert --T 1,4 --texts 'my texts.txt' --out /data/study/calibration.json --quiet\n"))
        #expect(try Self.file("merge.sbatch").contains("exec /opt/sb/spikebound merge /data/study/shards --out /data/study\n"))
    }

    @Test func resourcesPassThroughToEveryJob() throws {
        for name in ["calibrate.sbatch", "shards.sbatch", "merge.sbatch"] {
            let s = try Self.file(name)
            for line in ["--partition=gpu", "--time=01:00:00", "--cpus-per-task=4", "--mem=8G", "--account=lab"] {
                #expect(s.contains("#SBATCH \(line)\n"), "\(name): \(line)")
            }
        }
        var plain = Self.scripts
        plain.resources = .init()
        let s = try Self.file("shards.sbatch", plain)
        for option in ["--partition", "--time", "--cpus-per-task", "--mem", "--account"] { #expect(!s.contains(option), "\(option) given only when asked") }
    }

    @Test func submitChainsTheStagesAndKeepsACalibration() throws {
        let submit = try Self.file("submit.sh")
        #expect(submit.contains(#"array=$(sbatch --parsable --dependency=afterok:"$calibration" --kill-on-invalid-dep=yes /data/study/slurm/shards.sbatch)"#))
        #expect(submit.contains(#"merge=$(sbatch --parsable --dependency=afterok:"$array" --kill-on-invalid-dep=yes /data/study/slurm/merge.sbatch)"#))
        #expect(submit.contains("if [ -s /data/study/calibration.json ]; then"))
    }

    @Test func everyScriptParsesInDash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("spikebound-slurm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for file in Self.scripts.files {
            let url = folder.appendingPathComponent(file.name)
            try Data(file.contents.utf8).write(to: url)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-n", url.path]
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "\(file.name) does not parse")
        }
    }
}
