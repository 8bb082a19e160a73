import Diagnostics
import Foundation
import SpikingPipelines
import Tensors

/// Text files as encoder inputs, through a checkpoint's tokenizer and embeddings.
///
/// - `--texts FILE`: one text per line (blank lines are skipped), or JSON Lines whose objects
///   have a string field "text" (a file whose first non-blank line starts with "{" is read so).
/// - `--pairs FILE.tsv`: rows `text_a<TAB>text_b<TAB>score`; a first row whose score is not a
///   number is a header. Each distinct text becomes one sample.
///
/// Errors are one line naming the file and line.
public enum TextInputs {
    /// The texts of a --texts file.
    public static func texts(_ url: URL) throws -> [String] {
        try texts(data: contents(url), source: url.lastPathComponent)
    }

    /// The texts of a --texts file's bytes; `source` names the file in errors.
    public static func texts(data: Data, source: String) throws -> [String] {
        let lines = try lines(data, source: source)
        let content = lines.enumerated().filter { !$0.element.trimmingCharacters(in: .whitespaces).isEmpty }
        guard !content.isEmpty else { throw ModelError("\(source): holds no text") }
        guard content[0].element.hasPrefix("{") else { return content.map(\.element) }
        return try content.map { number, line in
            let json: JSONValue
            do { json = try JSONParser.parse(bytes: Array(line.utf8)) } catch let error as JSONError {
                throw ModelError("\(source):\(number + 1): \(error)")
            }
            guard let text = json["text"]?.stringValue else {
                throw ModelError("\(source):\(number + 1): expected an object with a string \"text\"")
            }
            return text
        }
    }

    /// The rows of a --pairs file.
    public static func pairs(_ url: URL) throws -> [(a: String, b: String, score: Double)] {
        try pairs(data: contents(url), source: url.lastPathComponent)
    }

    /// The rows of a --pairs file's bytes; `source` names the file in errors.
    public static func pairs(data: Data, source: String) throws -> [(a: String, b: String, score: Double)] {
        var out = [(a: String, b: String, score: Double)]()
        for (number, line) in try lines(data, source: source).enumerated() where !line.isEmpty {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw ModelError("\(source):\(number + 1): expected text_a<TAB>text_b<TAB>score, got \(fields.count) field(s)")
            }
            let scoreText = fields[2].trimmingCharacters(in: .whitespaces)
            guard let score = Double(scoreText) else {
                if out.isEmpty && number == 0 { continue }  // the header
                throw ModelError("\(source):\(number + 1): the score '\(fields[2])' is not a number")
            }
            guard score.isFinite else { throw ModelError("\(source):\(number + 1): the score is \(scoreText), not a finite number") }
            out.append((fields[0], fields[1], score))
        }
        guard !out.isEmpty else { throw ModelError("\(source): holds no pairs") }
        return out
    }

    /// The rows of a --labels file: `text<TAB>label` (a first row `text<TAB>label` is a header),
    /// or JSON Lines with string fields "text" and "label".
    public static func labelled(_ url: URL) throws -> [(text: String, label: String)] {
        try labelled(data: contents(url), source: url.lastPathComponent)
    }

    /// The rows of a --labels file's bytes; `source` names the file in errors.
    public static func labelled(data: Data, source: String) throws -> [(text: String, label: String)] {
        let lines = try lines(data, source: source)
        var out = [(text: String, label: String)]()
        let jsonLines = lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?.hasPrefix("{") ?? false
        for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let place = "\(source):\(number + 1)"
            if jsonLines {
                let json: JSONValue
                do { json = try JSONParser.parse(bytes: Array(line.utf8)) } catch let error as JSONError { throw ModelError("\(place): \(error)") }
                guard let text = json["text"]?.stringValue else { throw ModelError("\(place): expected an object with a string \"text\"") }
                let label: String
                if let l = json["label"]?.stringValue {
                    label = l
                } else if let r = json["label"]?.rationalValue, r.isInteger {
                    label = r.description
                } else {
                    throw ModelError("\(place): expected a string or integer \"label\"")
                }
                out.append((text, label))
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 2 else { throw ModelError("\(place): expected text<TAB>label, got \(fields.count) field(s)") }
            if number == 0, fields[0].lowercased() == "text", fields[1].lowercased() == "label" { continue }
            let label = fields[1].trimmingCharacters(in: .whitespaces)
            guard !label.isEmpty else { throw ModelError("\(place): the label is empty") }
            out.append((fields[0], label))
        }
        guard !out.isEmpty else { throw ModelError("\(source): holds no labelled texts") }
        return out
    }

    /// A classification task and the samples of its texts, named PREFIX.K: through the
    /// checkpoint's classifier head when it has one (the file's labels must be the head's label
    /// names or their indices), else a linear probe on a seeded split (the labels sorted by name).
    public static func classification(_ url: URL, prefix: String, checkpoint: Checkpoint) throws -> (samples: [EncoderSample], task: ClassificationTask) {
        let rows = try labelled(url)
        let labels: [String]
        let classifier: ClassificationTask.Classifier
        if let head = checkpoint.classifierHead {
            labels = head.labels
            classifier = .head(head)
        } else {
            labels = Array(Set(rows.map(\.label))).sorted { $0.compare($1, options: .numeric) == .orderedAscending }
            classifier = .probe(seed: ClassificationTask.defaultSeed, trainFraction: ClassificationTask.defaultTrainFraction)
        }
        let examples = try rows.enumerated().map { k, row -> ClassificationTask.Example in
            if let i = labels.firstIndex(of: row.label) { return .init(sample: "\(prefix).\(k)", label: i) }
            if checkpoint.classifierHead != nil, let i = Int(row.label), labels.indices.contains(i) { return .init(sample: "\(prefix).\(k)", label: i) }
            throw ModelError("\(url.lastPathComponent): label '\(row.label)' is not one of the classifier head's labels (\(labels.joined(separator: ", ")))")
        }
        do {
            let task = try ClassificationTask(name: url.lastPathComponent, labels: labels, examples: examples, classifier: classifier)
            return (try samples(rows.map(\.text), prefix: prefix, checkpoint: checkpoint), task)
        } catch let error as OperatorError {
            throw ModelError("\(error)")
        }
    }

    /// The samples of texts, named PREFIX.K.
    public static func samples(_ texts: [String], prefix: String, checkpoint: Checkpoint) throws -> [EncoderSample] {
        try texts.enumerated().map { k, text in try checkpoint.sample(text, name: "\(prefix).\(k)") }
    }

    /// A similarity task and the samples of its distinct texts, named PREFIX.K.
    public static func similarity(_ url: URL, prefix: String, checkpoint: Checkpoint) throws -> (samples: [EncoderSample], task: SimilarityTask) {
        let rows = try pairs(url)
        var index = [String: Int](), texts = [String]()
        func name(_ text: String) -> String {
            if let k = index[text] { return "\(prefix).\(k)" }
            index[text] = texts.count
            texts.append(text)
            return "\(prefix).\(texts.count - 1)"
        }
        let pairs = rows.map { SimilarityTask.Pair(a: name($0.a), b: name($0.b), score: $0.score) }
        do {
            let task = try SimilarityTask(name: url.lastPathComponent, pairs: pairs)
            return (try samples(texts, prefix: prefix, checkpoint: checkpoint), task)
        } catch let error as OperatorError {
            throw ModelError("\(error)")
        }
    }

    static func contents(_ url: URL) throws -> Data { try InputFile.read(url) }

    static func lines(_ data: Data, source: String) throws -> [String] {
        guard let text = String(data: data, encoding: .utf8) else { throw ModelError("\(source): not UTF-8 text") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        if lines.last == "" { lines.removeLast() }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = String(first.dropFirst()) }
        return lines
    }
}
