import ArgumentParser
import Foundation
import Studies

/// What a study runs on, shared by `run` and `report`: the fixture-style inputs file, raw text
/// through the checkpoint's own tokenizer and embeddings, or images through its preprocessing
/// and patch embeddings; and the tasks.
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
        "Image inputs: the PNG and JPEG files in DIR, in natural order of their names. Each is decoded (libpng, libjpeg-turbo), preprocessed as the checkpoint's own library does (resize, centre crop, normalise: preprocessor_config.json, timm's pretrained_cfg or open_clip's preprocess_cfg) and embedded (patches, class token, positions) in Swift. Needs a vision checkpoint: timm, OpenAI CLIP, open_clip, or Hugging Face ViT/DINOv2 with its embeddings.",
        valueName: "DIR"))
    var images: String?

    @Option(help: ArgumentHelp(
        "An image classification task: DIR/CLASS/IMAGE (torchvision's ImageFolder layout, one folder per class). Accuracy of the ANN and of the SNN at every T through a linear probe on the class-token features (after the final norm), fitted on the ANN's features of 70% of the images (a SplitMix64 shuffle, seed 0) and evaluated on the other 30%. Repeatable.",
        valueName: "DIR"))
    var imageClasses: [String] = []

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

    @Option(help: ArgumentHelp(
        "Preprocess images to N × N (the shorter side resized to N, then a centre crop; the checkpoint's filter, mean and std kept) instead of the checkpoint's own size: fewer tokens, a faster run. A multiple of the patch size; another grid than the checkpoint's own only for DINOv2, whose position table is interpolated.",
        valueName: "N"))
    var imageSize: Int?

    @Option(help: ArgumentHelp(
        "A linear classification head on the pooled embedding, in safetensors: weight [classes, hidden], bias [classes] and __metadata__.labels, a JSON array of the class names (scripts/fetch-intent-head writes one for all-MiniLM-L6-v2). The task is label-free: the agreement, the fraction of the primary inputs (--texts or --inputs) whose SNN top-1 equals the ANN's, at every T, with Clopper–Pearson intervals in a report.",
        valueName: "FILE"))
    var head: String?

    @Option(help: ArgumentHelp("Use only the first N inputs of --inputs, --texts or --images (all by default; a --pairs, --labels or --image-classes task always runs whole).", valueName: "N"))
    var inputsLimit: Int?

    func validate() throws {
        if [inputs, texts, images].compactMap({ $0 }).count > 1 { throw ValidationError("give one of --inputs, --texts and --images") }
        // A report names each task by its file's name.
        let names = (pairs + labels + imageClasses + (head.map { [$0] } ?? [])).map { URL(fileURLWithPath: $0).lastPathComponent }
        if let twice = names.first(where: { n in names.filter { $0 == n }.count > 1 }) {
            throw ValidationError("two tasks are named \(twice): give task files distinct names")
        }
        if let inputsLimit, inputsLimit < 1 { throw ValidationError("--inputs-limit must be ≥ 1, got \(inputsLimit)") }
        if let imageSize, imageSize < 1 { throw ValidationError("--image-size must be ≥ 1, got \(imageSize)") }
        if let maxTokens, maxTokens < 2 { throw ValidationError("--max-tokens must be ≥ 2 ([CLS] and [SEP]), got \(maxTokens)") }
    }

    var selection: InputSelection {
        InputSelection(
            inputs: inputs, texts: texts, images: images, pairs: pairs, labels: labels, imageClasses: imageClasses, maxTokens: maxTokens,
            imageSize: imageSize, inputsLimit: inputsLimit, head: head)
    }

    /// The options that reproduce these inputs, for replay commands.
    var replayArguments: String {
        var c = ""
        if let inputs { c += " --inputs \(shellQuoted(inputs))" }
        if let texts { c += " --texts \(shellQuoted(texts))" }
        if let images { c += " --images \(shellQuoted(images))" }
        for f in pairs { c += " --pairs \(shellQuoted(f))" }
        for f in labels { c += " --labels \(shellQuoted(f))" }
        for f in imageClasses { c += " --image-classes \(shellQuoted(f))" }
        if let maxTokens { c += " --max-tokens \(maxTokens)" }
        if let imageSize { c += " --image-size \(imageSize)" }
        if let inputsLimit { c += " --inputs-limit \(inputsLimit)" }
        if let head { c += " --head \(shellQuoted(head))" }
        return c
    }

    /// The options as the report's settings record them.
    var settings: [String: String] { selection.settings }
}
