import Foundation
import Reports
import ScaleOut
import SpikingPipelines
import Studies
import Testing

/// The calibration file: written and read back it rebuilds a calibration whose study equals
/// the in-process one; the same calibration always gives the same bytes and hash; an edited
/// file, and a file made for another model, other inputs or settings, or another version, is
/// refused in one line naming the difference.
@Suite struct CalibrationFileTests {
    static func readBack(_ file: CalibrationFile) throws -> (CalibrationFile, String) {
        let folder = try TinyStudy.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("calibration.json").path
        try file.write(to: path)
        return (try CalibrationFile.read(path), path)
    }

    @Test func aStudyFromTheFileEqualsTheInProcessStudy() throws {
        let l = try TinyStudy.loaded.get()
        let (read, path) = try Self.readBack(try TinyStudy.file())
        for (k, kind) in PipelineKind.allCases.enumerated() {
            let plan = TinyStudy.plan(kind)
            let fromFile = try read.calibration(
                for: plan.configuration, tool: TinyStudy.tool, model: l.provenance, modelFolder: l.modelFolder, selection: InputSelection(),
                path: path)
            let a = try PipelineStudy.run(l.inputs, plan: plan, calibration: l.calibrations[k])
            let b = try PipelineStudy.run(l.inputs, plan: plan, calibration: fromFile)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            #expect(try encoder.encode(a.result) == encoder.encode(b.result), "\(kind): the measured result")
            #expect(a.certificates == b.certificates, "\(kind): the certificates")
            #expect(try encoder.encode(fromFile.record) == encoder.encode(l.calibrations[k].record), "\(kind): the calibration")
        }
    }

    @Test func theSameCalibrationGivesTheSameBytes() throws {
        let a = try TinyStudy.file(), b = try TinyStudy.file()
        #expect(try a.encoded() == b.encoded())
        #expect(a.contentHash.count == 64)
        let (read, _) = try Self.readBack(a)
        #expect(try read.encoded() == a.encoded(), "read back and written again, the bytes are the same")
    }

    @Test func anEditedFileIsRefused() throws {
        let folder = try TinyStudy.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("c.json").path
        try TinyStudy.file().write(to: path)
        var text = try String(contentsOfFile: path, encoding: .utf8)
        // Change the number of calibration samples: still a valid file, no longer its hash.
        let range = try #require(text.range(of: #""samples":3"#))
        text.replaceSubrange(range, with: #""samples":4"#)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StudyFileError("--calibration \(path): its content does not match its hash (edited or damaged); calibrate again")) {
            try CalibrationFile.read(path)
        }
        try "{\"schema\": \"spikebound-calibration/9\"}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: StudyFileError("--calibration \(path): schema 'spikebound-calibration/9', expected spikebound-calibration/1")) {
            try CalibrationFile.read(path)
        }
        try "[1, 2".write(toFile: path, atomically: true, encoding: .utf8)
        let error = try #require(throws: StudyFileError.self) { try CalibrationFile.read(path) }
        #expect(error.description.hasPrefix("--calibration \(path): not a calibration file ("))
        #expect(!error.description.contains("\n"))
    }

    @Test func anotherVersionModelInputsOrSettingsAreRefused() throws {
        let l = try TinyStudy.loaded.get()
        let file = try TinyStudy.file()
        let ecmt = TinyStudy.plan(.ecmt).configuration
        func refusal(tool: String = TinyStudy.tool, model: ModelProvenance? = nil, folder: String? = nil,
                     selection: InputSelection = InputSelection(), configuration: PipelineConfiguration? = nil) -> String? {
            do {
                _ = try file.calibration(
                    for: configuration ?? ecmt, tool: tool, model: model ?? l.provenance, modelFolder: folder ?? l.modelFolder,
                    selection: selection, path: "c.json")
                return nil
            } catch { return "\(error)" }
        }
        #expect(refusal() == nil)
        #expect(refusal(tool: "spikebound 9.9.9") == "--calibration c.json: made by spikebound test, this is spikebound 9.9.9; calibrate again")
        var other = l.provenance
        other.sha256["model.safetensors"] = String(repeating: "0", count: 64)
        #expect(refusal(model: other) == "--calibration c.json: made for another model or other inputs (model.safetensors differs); calibrate again")
        // A file the report does not hash (the tokenizer's vocabulary, a pooling module) changed.
        #expect(refusal(folder: String(repeating: "1", count: 64))
            == "--calibration c.json: made for another model (a file of the model folder differs); calibrate again")
        other = l.provenance
        other.inputs.removeLast()
        #expect(refusal(model: other) == "--calibration c.json: made for other inputs (3 there, 2 here); calibrate again")
        #expect(refusal(selection: InputSelection(inputsLimit: 2))
            == "--calibration c.json: made with other input options (inputs-limit: unset there, 2 here); calibrate again")
        var levels = ecmt
        levels.levels = 4
        #expect(refusal(configuration: levels) == "--calibration c.json: made with other ecmt settings (levels: 8 there, 4 here); calibrate again")
        var gap = ecmt
        gap.gap = 3
        #expect(refusal(configuration: gap) == "--calibration c.json: made with other ecmt settings (gap: 2 there, 3 here); calibrate again")
        let only = try CalibrationFile(
            tool: TinyStudy.tool, model: l.provenance, modelFolder: l.modelFolder, selection: InputSelection(), calibrations: [l.calibrations[0]])
        #expect(throws: StudyFileError("--calibration c.json: has no sta calibration (it has ecmt)")) {
            try only.calibration(
                for: TinyStudy.plan(.sta).configuration, tool: TinyStudy.tool, model: l.provenance, modelFolder: l.modelFolder,
                selection: InputSelection(), path: "c.json")
        }
    }
}
