import Foundation
import Reports
import ScaleOut
import SpikingPipelines
import Studies
import Testing

/// The merge: shards written to files and read back give the report of the whole study, the
/// same bytes for any number of shards (more shards than inputs included); a missing,
/// duplicated or foreign shard is named in one line.
@Suite struct ShardMergeTests {
    static let provenance = Provenance(
        tool: "t", gitRevision: "r", swift: "s", gmp: "g", blas: "b", date: "d",
        model: ModelProvenance(path: "m", architecture: "bert", layers: 2, hiddenSize: 8, sha256: [:], inputs: []), T: [1, 4], seeds: [:],
        options: [:], command: "c")

    static func report(_ merged: ShardMerge) throws -> String {
        let runs = try StudyRuns.runs(merged, inputs: try TinyStudy.loaded.get().inputs)
        return try ReportJSON.encode(try ReportBuilder.build(name: "tiny", provenance: provenance, runs: runs, tolerances: nil))
    }

    static let whole = Result { try report(try ShardMerge(files: [(path: "whole", file: try TinyStudy.shard(.whole))])) }

    @Test(arguments: [1, 2, 3, 4, 7])
    func shardsWrittenAndReadBackGiveTheWholeReport(_ n: Int) throws {
        let folder = try TinyStudy.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for i in 0..<n { _ = try TinyStudy.shard(try StudyShard(index: i, count: n)).write(into: folder.path) }
        let merged = try ShardMerge(paths: [folder.path])
        #expect(merged.shards.count == n)
        #expect(try Self.report(merged) == Self.whole.get(), "\(n) shards")
    }

    @Test func aMissingShardIsNamed() throws {
        let files = try [0, 2].map { (path: "s\($0)", file: try TinyStudy.shard(try StudyShard(index: $0, count: 3))) }
        #expect(throws: StudyFileError("incomplete: 1 of 3 shards have no file (shard-1-of-3.json)")) { try ShardMerge(files: files) }
        // Also an empty one (5 shards, 3 inputs: shard 4 holds none).
        let five = try [0, 1, 2, 3].map { (path: "s\($0)", file: try TinyStudy.shard(try StudyShard(index: $0, count: 5))) }
        #expect(throws: StudyFileError("incomplete: 1 of 5 shards have no file (shard-4-of-5.json)")) { try ShardMerge(files: five) }
        // Shards of two counts that miss an input name the input.
        let mixed = [(path: "a", file: try TinyStudy.shard(try StudyShard(index: 1, count: 2))), (path: "b", file: try TinyStudy.shard(try StudyShard(index: 0, count: 3)))]
        #expect(throws: StudyFileError("incomplete: 1 of 3 inputs have no ecmt record (input.2)")) { try ShardMerge(files: mixed) }
    }

    @Test func aDuplicateIsNamed() throws {
        let s0 = try TinyStudy.shard(try StudyShard(index: 0, count: 2)), s1 = try TinyStudy.shard(try StudyShard(index: 1, count: 2))
        #expect(throws: StudyFileError("shard 0/2 is given twice: a and b")) {
            try ShardMerge(files: [(path: "a", file: s0), (path: "b", file: s0), (path: "c", file: s1)])
        }
        let third = try TinyStudy.shard(try StudyShard(index: 1, count: 3))
        #expect(throws: StudyFileError("input.1 (ecmt) is in two shard files: b and c")) {
            try ShardMerge(files: [(path: "a", file: s0), (path: "b", file: s1), (path: "c", file: third)])
        }
    }

    @Test func shardsOfAnotherStudyCalibrationOrVersionAreRefused() throws {
        let s0 = try TinyStudy.shard(try StudyShard(index: 0, count: 2))
        let otherCalibration = try TinyStudy.shard(try StudyShard(index: 1, count: 2), calibration: "beef00")
        #expect(throws: StudyFileError("b and a used different calibrations (beef00 and c0ffee): run every shard with one --calibration FILE")) {
            try ShardMerge(files: [(path: "a", file: s0), (path: "b", file: otherCalibration)])
        }
        let otherTool = try TinyStudy.shard(try StudyShard(index: 1, count: 2), tool: "spikebound 9")
        #expect(throws: StudyFileError("b was written by spikebound 9, a by spikebound test: merge shards of one version")) {
            try ShardMerge(files: [(path: "a", file: s0), (path: "b", file: otherTool)])
        }
        var header = try TinyStudy.header()
        header.options["T"] = "1,2,4"
        let otherOptions = try TinyStudy.shard(try StudyShard(index: 1, count: 2), header: header)
        #expect(throws: StudyFileError("b and a are shards of different studies (--T: 1,2,4 and 1,4)")) {
            try ShardMerge(files: [(path: "a", file: s0), (path: "b", file: otherOptions)])
        }
    }

    @Test func aRecordOfAnotherInputIsRefused() throws {
        var s0 = try TinyStudy.shard(.whole)
        let r = s0.pipelines[0].records[1]
        s0.pipelines[0].records[1] = InputRecord(
            index: r.index, sample: "intruder", outcome: r.outcome, certificate: r.certificate, certified: r.certified, aPriori: r.aPriori)
        #expect(throws: StudyFileError("a: intruder at position 1 is not one of the study's inputs")) { try ShardMerge(files: [(path: "a", file: s0)]) }
    }

    @Test func aFolderWithoutShardsAndAMissingPathAreNamed() throws {
        let folder = try TinyStudy.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: StudyFileError("\(folder.path): no shard-*-of-*.json files in this folder")) { try ShardMerge(paths: [folder.path]) }
        #expect(throws: StudyFileError("\(folder.path)/none: no such file or folder")) { try ShardMerge(paths: [folder.path + "/none"]) }
        let bad = folder.appendingPathComponent("shard-0-of-1.json")
        try Data("{}".utf8).write(to: bad)
        let error = try #require(throws: StudyFileError.self) { try ShardMerge(paths: [folder.path]) }
        #expect(error.description.hasPrefix("\(bad.path): not a shard file ("))
    }
}
