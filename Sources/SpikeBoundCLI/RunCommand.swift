import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import ModelIO
import ReferenceTransformer
import Reports
import ScaleOut
import SpikingOperators
import SpikingPipelines
import Studies
import Tensors

/// `spikebound run --model DIR --pipeline ecmt|sta --T 1,4,16,64`: converts a model with a
/// pipeline and measures the conversion error per layer and per T.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Convert a Transformer encoder to a spiking one and measure the conversion error per layer and per T.",
        discussion: """
            The model folder is a checkpoint as Hugging Face or sentence-transformers ship it: config.json \
            (BERT, ViT or DINOv2), model.safetensors or a sharded index (any float, integer or bool dtype; \
            tensors the encoder does not use, such as position_ids, are ignored), and for text: the embeddings, \
            vocab.txt and tokenizer.json or tokenizer_config.json, with modules.json and 1_Pooling giving the \
            sentence pooling (mean, normalised, without them). Inputs are raw text (--texts, --pairs: tokenised \
            by BERT's WordPiece and embedded in Swift), or tensors: inputs.safetensors holds one [tokens, hidden] \
            tensor per input, the embedding layer's output (a tensor NAME.mask of 0/1 pads tokens of input NAME; \
            the fixture's sentences.json gives the masks of its sentence.K inputs).

            Vision Transformers: timm (config.json with "architecture"), open_clip (open_clip_config.json), \
            OpenAI CLIP's state dict as safetensors (no config), Hugging Face ViT/DINOv2 with their \
            embeddings, and an ONNX export of DINOv2 (--model FILE.onnx). --images DIR runs PNG and JPEG files through the checkpoint's own preprocessing (its \
            resize, centre crop and normalisation, to the bit) and patch embeddings; --image-classes DIR \
            (DIR/CLASS/IMAGE) adds a classification task, scored by a linear probe on the class token after \
            the final norm; --image-size N runs them at N × N (DINOv2 interpolates its position table). \
            docs/checkpoints.md lists the names each family uses.

            With --pairs FILE.tsv (text_a<TAB>text_b<TAB>score), the task metric: Spearman's ρ and Pearson's r \
            of cos(embedding_a, embedding_b) against the score for the ANN and for the SNN at every T, and the \
            drop (JSON: "task": {"metric": "spearman", "ann", "snn": [{"T", "value", "drop"}], "pearson"}). \
            --pairs and --labels repeat, one task each; with several, the JSON adds "tasks" (all, in order).

            Thresholds are calibrated on the ANN activations of the inputs (spec §5; on the task's texts only \
            when there are no other inputs): ECMT per site (99th/1st percentiles, --percentile kthvalue as the \
            public code by default), STA per channel (MMSE for --calibration-T; with --sta-structure public, \
            the released code's structure, per channel and sign on the converted model in ANN mode at the \
            largest T unless --calibration-T is given: docs/sta-structures.md). One run of T_max = max(--T) \
            steps per input gives every listed T (the prefix property).

            Printed per T and layer: max-abs, RMS and relative error of the SNN's mean output against the \
            Double ANN reference over unpadded tokens. End metrics: cosine of the pooled embeddings (the \
            checkpoint's pooling: mean and L2 norm for sentence-transformers, the class token after the final \
            norm for a vision Transformer) (minimum and mean over inputs), Spearman rank correlation of the pairwise similarities \
            (ANN against SNN), mean firing rate and ECMT's energy estimate. With --rounding-check, a certified \
            (interval) run of the reference on the first input bounds the Double reference's own \
            floating-point rounding, per layer (not the SNN's).

            With --bounds, every input is also certified a posteriori (proofs/bounds/B-INJ.md): the ANN \
            is re-evaluated with −V_i(T)/T injected at every neuron site i, V_i(T) being the residual the \
            run left there. For ECMT this is the SNN's whole error (exactly, in exact arithmetic), so \
            "explained" matches "observed" up to rounding; for STA the "remainder" is what its group \
            operators add. For the first --attribute inputs the error of each layer is split by site \
            (B-ATTR): the ANN is re-evaluated with one site injected at a time, and what the sites do \
            together beyond the sum of their parts is printed as the interaction. Attribution costs one \
            partial forward per neuron site (8 per layer) and T.

            With --a-priori N, each of the first N inputs' domains (the input ± --margin per entry) gets \
            a bound B_l(T) that holds for every input in it, without the SNN run. ECMT \
            (proofs/bounds/B-NET.md): per-step ranges at every neuron site (B-STEP) and the partial \
            sums of each site's input (B-PSUM: a neuron whose single steps overshoot its top level while \
            its running means stay inside only lags) give each neuron's bound, carried through the layers \
            by centred forms about the exact ANN at the input (B-CF). STA (B-STA): the same from partial \
            sums alone, through STA's own softmax and LayerNorm compositions and group operators (B-COMP), \
            by centred forms about F̃ and the exact ANN (B-CF-STA), so the bound includes what those \
            operators cost. Saturations are printed as findings with layer and site: persistent ones (the \
            ANN's values pass a neuron's range; the bound does not vanish with T) and transient ones (ECMT: \
            single steps only). It is certified, and can be far from tight: every rule takes the worst case.

            Examples:
              spikebound run --model Fixtures/minilm-l6 --pipeline ecmt --T 1,4,16,64
              spikebound run --model DIR --pairs Fixtures/tasks/simlex-quick.tsv --pipeline ecmt --T 1,4,16 --format json
              spikebound run --model DIR --texts my-sentences.txt --pipeline sta --T 8,32
              spikebound run --model Fixtures/minilm-l6 --pipeline sta --T 8,32 --format json
              spikebound run --model Fixtures/minilm-l6 --pipeline ecmt --T 4 --inputs-limit 2
              spikebound run --model Fixtures/minilm-l6 --pipeline ecmt --T 1,2,4,8,16,32,64 --bounds
              spikebound run --model Fixtures/tiny-vit --pipeline ecmt --T 1,4,16,64 --bounds --a-priori 1 --margin 1/256
              spikebound run --model Fixtures/tiny-vit --pipeline sta --T 1,4,16,64 --bounds --a-priori 1
            """
    )

    @Option(help: ArgumentHelp(
        "The model folder: a Hugging Face or sentence-transformers checkpoint (config.json, model.safetensors or a sharded index, vocab.txt and tokenizer files for text, modules.json for the pooling), a timm, open_clip or OpenAI CLIP vision checkpoint (safetensors), an ONNX export of DINOv2 (FILE.onnx), or a folder with inputs.safetensors.",
        valueName: "DIR"))
    var model: String

    @Option(help: "The conversion: ecmt or sta.")
    var pipeline: PipelineKind = .ecmt

    @OptionGroup(title: "Inputs")
    var input: InputOptions

    @OptionGroup(title: "Pipeline settings")
    var settings: PipelineOptions

    @OptionGroup(title: "T grid and certificates")
    var analysis: AnalysisOptions

    @Option(help: "The output: text (tables) or json.")
    var format: OutputFormat = .text

    @Flag(help: "Certify every input a posteriori (the ANN with the run's residuals injected) and attribute the error to sites.")
    var bounds = false

    @Option(help: ArgumentHelp("With --bounds: how many sites the text lists per layer (default 3).", valueName: "N"))
    var topSites: Int?

    @OptionGroup var from: CalibrationOption

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    static let defaultSteps = [1, 4, 16, 64]

    func validate() throws {
        if !bounds, analysis.attribute != nil || topSites != nil { throw ValidationError("--attribute and --top-sites need --bounds") }
        if let topSites, topSites < 1 { throw ValidationError("--top-sites must be ≥ 1, got \(topSites)") }
        if !bounds, !(analysis.aPriori?.isNone ?? true) { throw ValidationError("--a-priori needs --bounds") }
        if !bounds, !(analysis.certify?.isNone ?? true) { throw ValidationError("--certify needs --bounds") }
        if analysis.aPriori?.isNone ?? true, analysis.margin != nil { throw ValidationError("--margin needs --a-priori") }
        if bounds, pipeline == .sta, settings.staStructure == .public {
            throw ValidationError(
                "--bounds covers STA's spikebound structure only, not --sta-structure public (docs/sta-structures.md says what is missing)")
        }
        if bounds, pipeline == .sta, settings.burstRule != .exact {
            throw ValidationError("--bounds holds for the exact burst rule only, not --burst-rule public-guard (proofs/bounds/B-SB.md)")
        }
    }

    func run() throws {
        print(try render(), terminator: "")
    }

    func render() throws -> String {
        let quiet = self.quiet
        let log: @Sendable (String) -> Void = { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let inputs = try StudyInputs(model: model, options: input.selection)
        let samples = inputs.samples
        let steps = analysis.steps ?? Self.defaultSteps
        let certify = bounds ? (analysis.certify ?? .first(0)).of(samples.count) : 0
        let aPriori = bounds ? (analysis.aPriori ?? .none).count(for: pipeline) : 0
        let plan = StudyPlan(
            configuration: settings.configuration(pipeline, steps: steps), steps: steps, certificates: bounds, attribute: analysis.attribute ?? 1,
            certify: certify, aPriori: aPriori, margin: analysis.margin ?? .zero, bits: analysis.bits)
        log("spikebound: running \(pipeline.rawValue) to T = \(steps.last ?? 1) on \(samples.count) input(s)…")
        if bounds, plan.attribute > 0 { log("spikebound: attributing \(min(plan.attribute, samples.count)) input(s) to sites (8 re-evaluations per layer and T)…") }
        if certify > 0 { log("spikebound: certifying \(certify) input(s) against the exact ANN in balls (B-CERT)…") }
        if aPriori > 0 {
            let engine = pipeline == .ecmt ? "centred forms about the exact ANN (B-CF)" : "centred forms about F̃ and the exact ANN (B-CF-STA)"
            log("spikebound: a priori bounds over \(min(aPriori, samples.count)) input domain(s) (\(engine))…")
        }
        let study: StudyResult
        do {
            let calibrated = try from.calibration.map { path in
                try CalibrationFile.read(path).calibration(
                    for: plan.configuration, tool: SpikeBoundVersion.tool, model: try ModelProvenance(model: model, inputs: inputs),
                    modelFolder: try ContentHash.modelFolder(inputs), selection: input.selection, path: path)
            }
            study = try PipelineStudy.run(inputs, plan: plan, calibration: calibrated, enclosures: try inputs.enclosures(first: certify)) { event in
                switch event {
                case .calibrating, .finished, .certifying: break
                case .inputFinished(let done, let total, let sample): log("spikebound: \(done)/\(total) \(sample)")
                case .aPriori(let sample, let stage): log("spikebound: \(sample): \(stage)…")
                case .sampling(let sample, let points): log("spikebound: \(sample): the worst error over \(points) points of its domain…")
                }
            }
        } catch let error as OperatorError {
            throw InputError.fromStudy(error)
        }
        for e in study.calibration.operatorErrors where e.relativeError > 0.05 {
            log("spikebound: warning: the \(e.function) operator (\(e.operatorName)) is off by up to \(String(format: "%.3g", e.relativeError * 100))% "
                + "of max|f| on the inputs seen in calibration, [\(e.domain[0]), \(e.domain[1])]")
        }
        for e in study.calibration.replacedOperators {
            log("spikebound: the released \(e.function) operator (\(e.operatorName)) is off by up to \(String(format: "%.3g", e.relativeError * 100))% "
                + "of max|f| on [\(e.domain[0]), \(e.domain[1])], where calibration saw its input: the public structure uses the interpolant instead")
        }
        var rounding: RoundingCheck?
        if analysis.roundingCheck {
            log("spikebound: certified reference run at \(analysis.bits) bits on \(samples[0].name)…")
            rounding = try RoundingCheck.measure(weights: inputs.weights, sample: samples[0], bits: analysis.bits)
        }
        let run = RunOutput(
            model: model, calibration: study.calibration, result: study.result, rounding: rounding,
            bounds: bounds ? RunBounds(certificates: study.certificates, certified: study.certified, topSites: topSites ?? 3) : nil,
            aPriori: study.aPriori.isEmpty ? nil : RunAPriori(certificates: study.aPriori), tasks: study.tasks,
            pooling: inputs.checkpoint.pooling, family: inputs.checkpoint.family, preprocessing: inputs.checkpoint.vision?.preprocessing)
        switch format {
        case .text: return run.text()
        case .json: return try run.json()
        }
    }
}

