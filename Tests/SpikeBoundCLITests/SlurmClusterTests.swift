import Foundation
import PropertyTestSupport
import Testing

/// The Slurm scripts on a real Slurm cluster (issue 36): scripts/slurm-local starts munged,
/// slurmctld and slurmd on localhost (Debian's slurm-wlm and munge, which .ci/run installs);
/// `spikebound slurm --shards 3 --submit` submits the calibration job, the 3-task array and the
/// merge job; the merged report equals the unsharded one apart from provenance. Where the
/// cluster cannot start, the test fails with the daemon's log lines; it never passes without
/// the cluster having run the study.
@Suite(.serialized) struct SlurmClusterTests {
    static let script = RepositoryFiles.url("scripts/slurm-local").path

    @Test(.timeLimit(.minutes(15)))
    func aStudyInThreeShardsOnALocalClusterEqualsTheUnshardedReport() throws {
        let state = try ShardedReport.temporaryFolder("slurm-state")
        let environment = ["SLURM_LOCAL_DIR": state.path, "SLURM_LOCAL_TIMEOUT": "60"]
        defer {
            _ = try? CommandRunner.run(via: "/bin/bash", [Self.script, "stop"], environment: environment)
            try? FileManager.default.removeItem(at: state)
        }
        let start = try CommandRunner.run(via: "/bin/bash", [Self.script, "start"], environment: environment)
        try #require(start.status == 0, "the local Slurm cluster did not start: \(start.stderr)")
        let conf = state.appendingPathComponent("slurm.conf").path
        let client = ["SLURM_CONF": conf, "PATH": (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin") + ":/usr/sbin:/sbin"]

        let study = try ShardedReport.temporaryFolder("slurm-study")
        defer { try? FileManager.default.removeItem(at: study) }
        let submitted = try ShardedReport.run(["slurm"] + ShardedReport.options + ["--shards", "3", "--study", study.path, "--submit"], environment: client)
        #expect(submitted.stdout.contains("calibration "), "submit.sh printed no job ids: \(submitted.stdout)")

        // Wait for the merge job's report (index.html is the last of its three files to be
        // renamed into place), or for the queue to empty without it.
        let report = study.appendingPathComponent("index.html")
        let deadline = Date().addingTimeInterval(600)
        var emptySince: Date?
        while !FileManager.default.fileExists(atPath: report.path) {
            let queue = try CommandRunner.run(via: "/usr/bin/squeue", ["-h", "-o", "%i %j %T"], environment: client)
            if queue.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                emptySince = emptySince ?? Date()
                // The merge may be writing its files as its job leaves the queue.
                if Date().timeIntervalSince(emptySince!) > 10 { break }
            } else {
                emptySince = nil
            }
            guard Date() < deadline else { break }
            Thread.sleep(forTimeInterval: 0.5)
        }
        guard FileManager.default.fileExists(atPath: report.path) else {
            Issue.record("the cluster finished without a report: \(Self.diagnosis(study: study, state: state))")
            return
        }
        try ShardedReport.expectEqualToTheUnshardedReport(study, named: true, "the Slurm study")
        let shards = try FileManager.default.contentsOfDirectory(atPath: study.appendingPathComponent("shards").path).sorted()
        #expect(shards == ["shard-0-of-3.json", "shard-1-of-3.json", "shard-2-of-3.json"])
        let merged = try String(contentsOf: study.appendingPathComponent("report.md"), encoding: .utf8)
        #expect(merged.contains("Merged from 3 shard files"))
        // Each of the five jobs (calibration, three array tasks, merge) completed.
        let completions = (try? String(contentsOf: state.appendingPathComponent("jobcomp.log"), encoding: .utf8)) ?? ""
        #expect(completions.components(separatedBy: "JobState=COMPLETED").count - 1 >= 5, "jobcomp.log: \(completions)")

        // Resubmitted, every stage finds its work done: the calibration is kept (no calibration
        // job), the array's tasks skip their complete shards, and the merge runs again.
        let shardFiles = (0..<3).map { study.appendingPathComponent("shards/shard-\($0)-of-3.json") }
        let before = try shardFiles.map { try Data(contentsOf: $0) }
        let again = try ShardedReport.run(["slurm"] + ShardedReport.options + ["--shards", "3", "--study", study.path, "--submit"], environment: client)
        #expect(again.stdout.contains("calibration done"), "resubmitted, the calibration job ran again: \(again.stdout)")
        let logs = study.appendingPathComponent("slurm/logs")
        let doneBy = Date().addingTimeInterval(300)
        var skipped = 0, merges = 0
        while skipped < 3 || merges < 2, Date() < doneBy {
            Thread.sleep(forTimeInterval: 0.5)
            let texts = try FileManager.default.contentsOfDirectory(atPath: logs.path).compactMap {
                try? String(contentsOf: logs.appendingPathComponent($0), encoding: .utf8)
            }
            skipped = texts.filter { $0.contains("is complete for this study; skipped") }.count
            merges = texts.filter { $0.contains("wrote ") && $0.contains("index.html") }.count
        }
        #expect(skipped == 3, "resubmitted, not every shard was skipped: \(Self.diagnosis(study: study, state: state))")
        #expect(merges == 2, "resubmitted, the merge did not run again: \(Self.diagnosis(study: study, state: state))")
        #expect(try shardFiles.map { try Data(contentsOf: $0) } == before, "a skipped shard's file changed")
        try ShardedReport.expectEqualToTheUnshardedReport(study, named: true, "the resubmitted Slurm study")
    }

    /// The jobs' logs and the daemons' last lines, for a failure message.
    static func diagnosis(study: URL, state: URL) -> String {
        var out = ""
        let logs = study.appendingPathComponent("slurm/logs")
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: logs.path)) ?? []).sorted() {
            let text = (try? String(contentsOf: logs.appendingPathComponent(name), encoding: .utf8)) ?? ""
            out += "\n[\(name)] " + text.split(separator: "\n").suffix(5).joined(separator: "\n")
        }
        for daemon in ["jobcomp.log", "slurmctld.log", "slurmd.log"] {
            let text = (try? String(contentsOf: state.appendingPathComponent(daemon), encoding: .utf8)) ?? "(none)"
            out += "\n[\(daemon)] " + text.split(separator: "\n").suffix(5).joined(separator: "\n")
        }
        return out
    }
}
