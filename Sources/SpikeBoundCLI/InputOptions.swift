import ArgumentParser
import Foundation
import Studies

/// What a study runs on, shared by `run` and `report`: the fixture-style inputs file, or raw
/// text through the checkpoint's own tokenizer and embeddings, and the tasks.
struct InputOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Encoder inputs as tensors: one [tokens, hidden] tensor per input, the embedding layer's output (default: DIR/inputs.safetensors when there is one and no --texts).",
        valueName: "FILE"))
    var inputs: String?

    @Option(help: ArgumentHelp(
        "Raw text inputs: one text per line (blank lines skipped), or JSON Lines with a \"text\" field. They are tokenised (BERT WordPiece, from DIR's vocab.txt and tokenizer settings) and embedded in Swift.",
        valueName: "FILE"))
    var texts: String?

    @Option(help: ArgumentHelp(
        "A sentence-similarity task: rows text_a<TAB>text_b<TAB>score (a header row is allowed). Spearman and Pearson of cos(embedding_a, embedding_b) against the score are reported for the ANN and the SNN at every T. Its texts run after the other inputs. Repeat the option for several tasks; each is evaluated on its own.",
        valueName: "FILE.tsv"))
    var pairs: [String] = []

    @Option(help: ArgumentHelp(
        "A classification task: rows text<TAB>label (a first row text<TAB>label is a header), or JSON Lines with \"text\" and \"label\". Accuracy of the ANN and of the SNN at every T, through the checkpoint's classifier head when it has one (classifier.weight and the pooler; labels by id2label name or index), else a linear probe (ridge regression) fitted on the ANN's sentence embeddings of 70% of the texts (a SplitMix64 shuffle, seed 0) and evaluated on the other 30%. Repeatable, like --pairs.",
        valueName: "FILE"))
    var labels: [String] = []

    @Option(help: ArgumentHelp(
        "Truncate texts at N tokens, [CLS] and [SEP] included (default: the model's maximum: sentence_bert_config.json's max_seq_length, else tokenizer_config.json's model_max_length, else max_position_embeddings).",
        valueName: "N"))
    var maxTokens: Int?

    @Option(help: ArgumentHelp("Use only the first N inputs of --inputs or --texts (all by default; a --pairs or --labels task always runs whole).", valueName: "N"))
    var inputsLimit: Int?

    func validate() throws {
        if inputs != nil, texts != nil { throw ValidationError("give --inputs or --texts, not both") }
        // A report names each task by its file's name.
        let names = (pairs + labels).map { URL(fileURLWithPath: $0).lastPathComponent }
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw ValidationError("two tasks are named \(twice): give task files distinct names")
        }
        if let inputsLimit, inputsLimit < 1 { throw ValidationError("--inputs-limit must be ≥ 1, got \(inputsLimit)") }
        if let maxTokens, maxTokens < 2 { throw ValidationError("--max-tokens must be ≥ 2 ([CLS] and [SEP]), got \(maxTokens)") }
    }

    var selection: InputSelection {
        InputSelection(inputs: inputs, texts: texts, pairs: pairs, labels: labels, maxTokens: maxTokens, inputsLimit: inputsLimit)
    }

    /// The options that reproduce these inputs, for replay commands.
    var replayArguments: String {
        var c = ""
        if let inputs { c += " --inputs \(shellQuoted(inputs))" }
        if let texts { c += " --texts \(shellQuoted(texts))" }
        for f in pairs { c += " --pairs \(shellQuoted(f))" }
        for f in labels { c += " --labels \(shellQuoted(f))" }
        if let maxTokens { c += " --max-tokens \(maxTokens)" }
        if let inputsLimit { c += " --inputs-limit \(inputsLimit)" }
        return c
    }

    /// The options as the report's settings record them.
    var settings: [String: String] {
        var o = [String: String]()
        if let inputs { o["inputs"] = inputs }
        if let texts { o["texts"] = texts }
        if !pairs.isEmpty { o["pairs"] = pairs.joined(separator: ",") }
        if !labels.isEmpty { o["labels"] = labels.joined(separator: ",") }
        if let maxTokens { o["max-tokens"] = "\(maxTokens)" }
        if let inputsLimit { o["inputs-limit"] = "\(inputsLimit)" }
        return o
    }
}
