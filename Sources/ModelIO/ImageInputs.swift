import Foundation
import SpikingPipelines
import Tensors

/// Image files as encoder inputs, through a vision checkpoint's preprocessing and patch
/// embeddings (`Checkpoint.sample(image:name:)`).
///
/// - `--images DIR`: the PNG and JPEG files directly in DIR, in natural order of their names
///   (img2.png before img10.png); other files and subfolders are ignored, and a DIR with no
///   image is refused.
/// - `--image-classes DIR`: a classification task in the layout of torchvision's ImageFolder:
///   DIR/CLASS/IMAGE, one subfolder per class (classes in natural order of their names). Its
///   metric is a linear probe's accuracy on the features (`ClassificationTask`), named after DIR.
///
/// An image is recognised by its extension (.png, .jpg, .jpeg, any case) and decoded by its
/// signature; errors are one line naming the file.
public enum ImageInputs {
    static let extensions: Set<String> = ["png", "jpg", "jpeg"]

    /// The image files directly in `directory`, in natural order.
    public static func files(_ directory: URL) throws -> [URL] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelError("\(directory.path): not a folder of images")
        }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: directory.path) } catch {
            throw ModelError("\(directory.path): cannot list the folder")
        }
        return names.filter { extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            .sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            .map { directory.appendingPathComponent($0) }
            .filter { url in
                var d: ObjCBool = false
                return FileManager.default.fileExists(atPath: url.path, isDirectory: &d) && !d.boolValue
            }
    }

    /// The samples of the images in `directory`, named PREFIX.K; `limit` keeps the first N.
    public static func samples(_ directory: URL, prefix: String, checkpoint: Checkpoint, limit: Int? = nil) throws -> [EncoderSample] {
        var urls = try files(directory)
        guard !urls.isEmpty else { throw ModelError("\(directory.path): holds no .png, .jpg or .jpeg file") }
        if let limit { urls = Array(urls.prefix(limit)) }
        return try urls.enumerated().map { k, url in try checkpoint.sample(image: url, name: "\(prefix).\(k)") }
    }

    /// A classification task over DIR/CLASS/IMAGE and its samples, named PREFIX.K.
    public static func classification(_ directory: URL, prefix: String, checkpoint: Checkpoint) throws -> (samples: [EncoderSample], task: ClassificationTask) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ModelError("\(directory.path): not a folder of class folders")
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let classes = entries.filter { name in
            var d: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path, isDirectory: &d) && d.boolValue
        }.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        guard classes.count >= 2 else {
            throw ModelError("\(directory.path): a classification task needs at least 2 class folders (DIR/CLASS/IMAGE), found \(classes.count)")
        }
        var examples = [ClassificationTask.Example](), urls = [URL]()
        for (label, name) in classes.enumerated() {
            let images = try files(directory.appendingPathComponent(name))
            guard !images.isEmpty else { throw ModelError("\(directory.path)/\(name): the class holds no image") }
            for url in images {
                examples.append(.init(sample: "\(prefix).\(urls.count)", label: label))
                urls.append(url)
            }
        }
        do {
            let task = try ClassificationTask(
                name: directory.lastPathComponent, labels: classes, examples: examples,
                classifier: .probe(seed: ClassificationTask.defaultSeed, trainFraction: ClassificationTask.defaultTrainFraction))
            let samples = try urls.enumerated().map { k, url in try checkpoint.sample(image: url, name: "\(prefix).\(k)") }
            return (samples, task)
        } catch let error as OperatorError {
            throw ModelError("\(error)")
        }
    }
}
