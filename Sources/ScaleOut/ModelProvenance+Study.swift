import Foundation
import Reports
import Studies

extension ModelProvenance {
    /// The provenance of a study's model and inputs: the folder as given, its architecture, and
    /// the SHA-256 of the checkpoint's files, the input and task files (a folder of images: the
    /// hash of its files' hashes) and the sentences file where there is one; the inputs' names in
    /// order. Reports record it; calibration files and shards are checked against it.
    public init(model path: String, inputs loaded: StudyInputs) throws {
        var hashes = [String: String]()
        for url in loaded.checkpoint.files { hashes[url.lastPathComponent] = try ContentHash.sha256(url) }
        for url in loaded.inputFiles { hashes[url.lastPathComponent] = try ContentHash.sha256(url) }
        let sentences = loaded.checkpoint.modelDirectory.appendingPathComponent("sentences.json")
        if FileManager.default.fileExists(atPath: sentences.path) { hashes["sentences.json"] = try ContentHash.sha256(sentences) }
        let c = loaded.weights.config
        self.init(
            path: path, architecture: c.architecture.rawValue, layers: c.layers, hiddenSize: c.hiddenSize, sha256: hashes,
            inputs: loaded.samples.map(\.name), family: loaded.checkpoint.family.rawValue,
            imagePreprocessing: loaded.checkpoint.vision?.preprocessing.description)
    }
}
