import Foundation
import PropertyTestSupport
import Testing

/// Calibrate once, run shards, merge (issue 36), as a user runs them: the merged report equals
/// the unsharded one byte for byte apart from provenance, for one shard, for three, and for
/// more shards than inputs; a report from the calibration file equals the one that calibrates
/// in-process; a complete shard is skipped on resubmission; a calibration file for other
/// settings is refused in one line and writes nothing.
@Suite struct ShardedReportTests {
    @Test(arguments: [1, 3, 5])
    func theMergedReportEqualsTheUnshardedOne(_ n: Int) throws {
        let calibration = try ShardedReport.calibration.get()
        let folder = try ShardedReport.temporaryFolder("shards")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = folder.appendingPathComponent("shards"), report = folder.appendingPathComponent("report")
        for i in 0..<n {
            let r = try ShardedReport.run(
                TinyReport.arguments + ["--calibration", calibration.path, "--shard", "\(i)/\(n)", "--out", shards.path])
            let count = Array(stride(from: i, to: 3, by: n)).count
            #expect(r.stdout.hasPrefix("shard \(i)/\(n): \(count) of 3 inputs, wrote "), "\(r.stdout)")
        }
        let merged = try ShardedReport.run(["merge", shards.path, "--out", report.path])
        #expect(merged.stdout.hasPrefix("merged \(n) shard file"))
        try ShardedReport.expectEqualToTheUnshardedReport(report, named: true, "\(n) shards")
    }

    /// A vision model with an image classification task (its probe fitted on every input's
    /// features at the merge), the rounding check (held by the shard of the first input) and an
    /// a priori bound with a positive margin (its worst error over points of the domain).
    @Test func aTaskTheRoundingCheckAndADomainMergeToo() throws {
        let folder = try ShardedReport.temporaryFolder("vision")
        defer { try? FileManager.default.removeItem(at: folder) }
        let options = [
            "--model", "Fixtures/tiny-openai-clip", "--images", "Fixtures/images", "--image-classes", "Fixtures/image-classes",
            "--name", "tiny-clip", "--T", "2,16", "--a-priori", "ecmt:1", "--margin", "1/64", "--certify", "2", "--rounding-check",
        ]
        let unsharded = folder.appendingPathComponent("unsharded"), calibration = folder.appendingPathComponent("c.json")
        _ = try ShardedReport.run(["report"] + options + ["--quiet", "--out", unsharded.path])
        _ = try ShardedReport.run(["calibrate"] + options + ["--quiet", "--out", calibration.path])
        let shards = folder.appendingPathComponent("shards")
        for i in 0..<3 {
            _ = try ShardedReport.run(["report"] + options + ["--quiet", "--calibration", calibration.path, "--shard", "\(i)/3", "--out", shards.path])
        }
        _ = try ShardedReport.run(["merge", shards.path, "--out", folder.appendingPathComponent("merged").path])
        try ShardedReport.expectEqualToTheUnshardedReport(folder.appendingPathComponent("merged"), named: true, "vision", unsharded: unsharded)
        let report = try String(contentsOf: unsharded.appendingPathComponent("report.json"), encoding: .utf8)
        #expect(report.contains("\"task\" : \"image-classes\""), "the study has its task")
        #expect(report.contains("\"rounding\" : "), "the study has its rounding check")
        #expect(report.contains("\"domainObserved\" : "), "the study has its domain's worst error")
    }

    /// `run --calibration FILE` prints what `run` prints when it calibrates itself.
    @Test func aRunFromTheCalibrationFileEqualsTheInProcessOne() throws {
        let calibration = try ShardedReport.calibration.get()
        let arguments = ["run", "--model", "Fixtures/tiny-bert", "--pipeline", "sta", "--T", "1,4", "--bounds", "--format", "json", "--quiet"]
        let own = try ShardedReport.run(arguments), fromFile = try ShardedReport.run(arguments + ["--calibration", calibration.path])
        #expect(own.stdout == fromFile.stdout)
        #expect(own.stdout.contains("\"operatorErrors\""))
    }

    /// Shards given no calibration file calibrate in-process, each the same way.
    @Test func shardsThatCalibrateThemselvesMergeToo() throws {
        let folder = try ShardedReport.temporaryFolder("self-calibrated")
        defer { try? FileManager.default.removeItem(at: folder) }
        let shards = folder.appendingPathComponent("shards")
        for i in 0..<2 { _ = try ShardedReport.run(TinyReport.arguments + ["--shard", "\(i)/2", "--out", shards.path]) }
        _ = try ShardedReport.run(["merge", shards.path, "--out", folder.appendingPathComponent("report").path])
        try ShardedReport.expectEqualToTheUnshardedReport(folder.appendingPathComponent("report"), named: true, "self-calibrated shards")
    }

    @Test func aReportFromTheCalibrationFileEqualsTheInProcessOne() throws {
        let folder = try ShardedReport.temporaryFolder("from-calibration")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ShardedReport.run(TinyReport.arguments + ["--calibration", try ShardedReport.calibration.get().path, "--out", folder.path])
        try ShardedReport.expectEqualToTheUnshardedReport(folder, named: true, "--calibration")
    }

    @Test func aCompleteShardIsSkippedAndAnIncompleteOneRuns() throws {
        let calibration = try ShardedReport.calibration.get()
        let folder = try ShardedReport.temporaryFolder("skip")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = TinyReport.arguments + ["--a-priori", "none", "--calibration", calibration.path, "--skip-complete", "--out", folder.path]
        let environment = ["SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "2"]
        let first = try ShardedReport.run(arguments + ["--shard", "auto"], environment: environment)
        #expect(first.stdout.hasPrefix("shard 1/2: 1 of 3 inputs, wrote "))
        let file = folder.appendingPathComponent("shard-1-of-2.json")
        let written = try Data(contentsOf: file)
        let again = try ShardedReport.run(arguments + ["--shard", "auto"], environment: environment)
        #expect(again.stdout == "shard 1/2: \(folder.path)/shard-1-of-2.json is complete for this study; skipped\n")
        #expect(try Data(contentsOf: file) == written)
        // A damaged file is not complete: the shard runs again and replaces it.
        try Data(written.prefix(100)).write(to: file)
        let rerun = try ShardedReport.run(arguments + ["--shard", "auto"], environment: environment)
        #expect(rerun.stdout.hasPrefix("shard 1/2: 1 of 3 inputs, wrote "))
        #expect(try Data(contentsOf: file) == written)
    }

    @Test func aCalibrationFileForOtherSettingsIsRefusedAndNothingIsWritten() throws {
        let calibration = try ShardedReport.calibration.get()
        let folder = try ShardedReport.temporaryFolder("refused")
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CommandRunner.run(
            TinyReport.arguments + ["--levels", "4", "--calibration", calibration.path, "--shard", "0/2", "--out", folder.path], in: RepositoryFiles.root)
        #expect(r.status == 2)
        #expect(r.stderr == "spikebound: error: --calibration \(calibration.path): made with other ecmt settings (levels: 8 there, 4 here); calibrate again\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        let run = try CommandRunner.run(
            ["run", "--model", "Fixtures/tiny-vit", "--T", "1", "--calibration", calibration.path, "--quiet"], in: RepositoryFiles.root)
        #expect(run.status == 2)
        #expect(run.stderr.hasPrefix("spikebound: error: --calibration \(calibration.path): made for another model or other inputs ("))
    }

    @Test func anIncompleteMergeNamesTheMissingShardAndWritesNothing() throws {
        let calibration = try ShardedReport.calibration.get()
        let folder = try ShardedReport.temporaryFolder("incomplete")
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try ShardedReport.run(
            TinyReport.arguments + ["--a-priori", "none", "--calibration", calibration.path, "--shard", "2/3", "--out", folder.path])
        let report = folder.appendingPathComponent("report")
        let r = try CommandRunner.run(["merge", folder.path, "--out", report.path], in: RepositoryFiles.root)
        #expect(r.status == 2)
        #expect(r.stderr == "spikebound: error: incomplete: 2 of 3 shards have no file (shard-0-of-3.json, shard-1-of-3.json)\n")
        #expect(!FileManager.default.fileExists(atPath: report.path))
    }
}
