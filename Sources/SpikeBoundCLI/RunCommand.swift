import ArgumentParser
import Bounds
import ExactArithmetic
import Foundation
import ModelIO
import ReferenceTransformer
import SpikingOperators
import SpikingPipelines
import Tensors

/// `spikebound run --model DIR --pipeline ecmt|sta --T 1,4,16,64`: converts a model with a
/// pipeline and measures the conversion error per layer and per T.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Convert a Transformer encoder to a spiking one and measure the conversion error per layer and per T.",
        discussion: """
            The model folder holds config.json (Hugging Face BERT, ViT or DINOv2), model.safetensors \
            (the encoder layers; F32, F16, BF16 or F64) and inputs.safetensors (one tensor [tokens, hidden] \
            per input: the embedding layer's output; a tensor NAME.mask of 0/1 pads tokens of input NAME; \
            the fixture's sentences.json gives the masks of its sentence.K inputs).

            Thresholds are calibrated on the ANN activations of the inputs (spec §5): ECMT per site \
            (99th/1st percentiles), STA per channel (MMSE for --calibration-T). One run of T_max = max(--T) \
            steps per input gives every listed T (the prefix property).

            Printed per T and layer: max-abs, RMS and relative error of the SNN's mean output against the \
            Double ANN reference over unpadded tokens. End metrics: cosine of the mean-pooled, L2-normalised \
            embeddings (minimum and mean over inputs), Spearman rank correlation of the pairwise similarities \
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
            its running means stay inside only lags) give each neuron's bound; the interval reference \
            with those bounds injected at the sites is compared with the clean interval reference. STA \
            (B-STA): the same from partial sums alone, through STA's own softmax and LayerNorm \
            compositions and group operators (B-COMP), so the bound includes what those operators cost. \
            Saturations are printed as findings with layer and site: persistent ones (the ANN's values \
            pass a neuron's range; the bound does not vanish with T) and transient ones (ECMT: single \
            steps only). It is certified, and can be far from tight: every rule takes the worst case.

            Examples:
              spikebound run --model Fixtures/minilm-l6 --pipeline ecmt --T 1,4,16,64
              spikebound run --model Fixtures/minilm-l6 --pipeline sta --T 8,32 --format json
              spikebound run --model Fixtures/minilm-l6 --pipeline ecmt --T 4 --inputs-limit 2
              spikebound run --model Fixtures/minilm-l6 --pipeline ecmt --T 1,2,4,8,16,32,64 --bounds
              spikebound run --model Fixtures/tiny-vit --pipeline ecmt --T 1,4,16,64 --bounds --a-priori 1 --margin 1/256
              spikebound run --model Fixtures/tiny-vit --pipeline sta --T 1,4,16,64 --bounds --a-priori 1
            """
    )

    @Option(help: ArgumentHelp("The model folder: config.json, model.safetensors, inputs.safetensors.", valueName: "DIR"))
    var model: String

    @Option(help: "The conversion: ecmt or sta.")
    var pipeline: PipelineKind = .ecmt

    @Option(name: .customLong("T"), help: ArgumentHelp("The time steps to report, comma-separated.", valueName: "T,…"))
    var steps = "1,4,16,64"

    @OptionGroup(title: "Inputs")
    var input: InputOptions

    @Option(help: "The output: text (tables) or json.")
    var format: OutputFormat = .text

    @Option(help: "ECMT: levels per side of the multi-threshold neurons.")
    var levels = 8

    @Option(help: "ECMT: the firing rule, ecmt (the public code) or nearest.")
    var rule: MultiThresholdNeuron<Double>.Rule = .ecmt

    @Option(help: "ECMT: the calibrated percentile is the smallest-level (the public code) or the top-level.")
    var placement: ECMTCalibration.Placement = .smallestLevel

    @Option(help: "STA: the burst limit β of the signed burst neurons.")
    var burstLimit = 2

    @Option(name: .customLong("calibration-T"), help: "STA: the T the MMSE thresholds are calibrated for.")
    var calibrationSteps = 32

    @Option(help: "STA: group operators as interpolants on the calibrated domains (GO-1), or STA's released weights.")
    var groupOperators: GroupOperatorSource = .interpolant

    @Option(help: "STA: the softmax subtracts the first key's logit and clamps at 3 (first-key, STA), or subtracts the row maximum (row-max, a what-if).")
    var softmaxShift: STASoftmaxShift = .firstKey

    @Flag(help: "Also bound the floating-point rounding of the Double reference with a certified run on the first input.")
    var roundingCheck = false

    @Option(help: "The precision, in bits, of the certified (interval) runs of --rounding-check and of STA's interval a priori analysis (when its centred forms overflow).")
    var bits = 64

    @Flag(help: "Certify every input a posteriori (the ANN with the run's residuals injected) and attribute the error to sites.")
    var bounds = false

    @Option(help: ArgumentHelp("With --bounds: attribute the error to neuron sites for the first N inputs (0: none; default 1).", valueName: "N"))
    var attribute: Int?

    @Option(help: ArgumentHelp("With --bounds: how many sites the text lists per layer (default 3).", valueName: "N"))
    var topSites: Int?

    @Option(help: ArgumentHelp(
        "With --bounds: certify the error of the first N inputs (or all) against the exact ANN at every T and layer (B-CERT: the ANN enclosed in Arb balls at 192 bits; about 1.6 s per MiniLM sentence on 2 cores with a release build) (default 0: none).",
        valueName: "N|all"))
    var certify: InputCount?

    @Option(name: .customLong("a-priori"), help: ArgumentHelp(
        "With --bounds: bound the error a priori (ECMT: B-NET; STA: B-STA) over the domain of each of the first N inputs, its embedding ± --margin. ECMT runs through centred forms about the exact ANN at the input (B-CF, about 15 s per MiniLM input with a release build); STA through centred forms about F̃ (the ANN with STA's operators) and the exact ANN (B-CF-STA, about 17 s per MiniLM input), and in intervals at --bits bits only where those radii overflow. With --margin > 0 the bound is also set beside the worst error of 16 points of the domain (corners and random points) (default 0: none).",
        valueName: "N"))
    var aPriori: Int?

    @Option(help: ArgumentHelp("With --a-priori: the half-width of each input entry's box, a number ≥ 0 such as 0, 1e-3 or 1/64 (default 0: the input itself).", valueName: "M"))
    var margin: String?

    @Flag(help: "No progress lines on standard error.")
    var quiet = false

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func validate() throws {
        _ = try parsedSteps()
        guard (1...64).contains(levels) else { throw ValidationError("--levels must be in 1…64, got \(levels)") }
        guard burstLimit >= 0 else { throw ValidationError("--burst-limit must be ≥ 0, got \(burstLimit)") }
        guard calibrationSteps >= 1 else { throw ValidationError("--calibration-T must be ≥ 1, got \(calibrationSteps)") }
        if !bounds, attribute != nil || topSites != nil { throw ValidationError("--attribute and --top-sites need --bounds") }
        if let attribute, attribute < 0 { throw ValidationError("--attribute must be ≥ 0, got \(attribute)") }
        if let topSites, topSites < 1 { throw ValidationError("--top-sites must be ≥ 1, got \(topSites)") }
        if !bounds, aPriori != nil { throw ValidationError("--a-priori needs --bounds") }
        if !bounds, certify != nil { throw ValidationError("--certify needs --bounds") }
        if aPriori == nil, margin != nil { throw ValidationError("--margin needs --a-priori") }
        if let aPriori, aPriori < 0 { throw ValidationError("--a-priori must be ≥ 0, got \(aPriori)") }
        _ = try parsedMargin()
        guard (16...Precision.maximumBits).contains(bits) else {
            throw ValidationError("--bits must be between 16 and \(Precision.maximumBits), got \(bits)")
        }
    }

    func parsedSteps() throws -> [Int] { try StepGrid.parse(steps) }

    func parsedMargin() throws -> Rational {
        guard let margin else { return .zero }
        let value: Rational
        do { value = try InputParsing.rational(margin, name: "--margin") } catch { throw ValidationError("\(error)") }
        guard value.sign >= 0 else { throw ValidationError("--margin must be ≥ 0, got \(margin)") }
        return value
    }

    func run() throws {
        print(try render(), terminator: "")
    }

    func render() throws -> String {
        let folder = URL(fileURLWithPath: model)
        let study = try prepare(folder)
        let samples = study.samples
        let quiet = self.quiet
        let log: @Sendable (String) -> Void = { line in
            if !quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let steps = try parsedSteps()
        for e in study.conversion.calibration.operatorErrors where e.relativeError > 0.05 {
            log("spikebound: warning: the \(e.function) operator (\(e.operatorName)) is off by up to \(String(format: "%.3g", e.relativeError * 100))% "
                + "of max|f| on the inputs seen in calibration, [\(e.domain[0]), \(e.domain[1])]")
        }
        log("spikebound: running \(pipeline.rawValue) to T = \(steps.last ?? 1) on \(samples.count) input(s)…")
        let result: ConversionResult
        var certificates: RunBounds?
        var aPrioriBounds: RunAPriori?
        let progress: @Sendable (Int, Int, String) -> Void = { done, total, name in log("spikebound: \(done)/\(total) \(name)") }
        do {
            if bounds {
                let reference = study.conversion.reference
                let attributed = Set(samples.prefix(attribute ?? 1).map(\.name))
                if !attributed.isEmpty { log("spikebound: attributing \(attributed.count) input(s) to sites (8 re-evaluations per layer and T)…") }
                let bounded = Set(samples.prefix(aPriori ?? 0).map(\.name))
                let certified = Array(samples.prefix((certify ?? .first(0)).of(samples.count)))
                let margin = try parsedMargin(), calibration = study.conversion.calibration
                let enclosures = certified.isEmpty ? nil : try ReferenceEnclosures(weights: study.weights, samples: certified)
                if !certified.isEmpty { log("spikebound: certifying \(certified.count) input(s) against the exact ANN in balls (B-CERT)…") }
                if !bounded.isEmpty {
                    let engine = calibration.configuration.kind == .ecmt
                        ? "centred forms about the exact ANN (B-CF)" : "centred forms about F̃ and the exact ANN (B-CF-STA)"
                    log("spikebound: a priori bounds over \(bounded.count) input domain(s) (\(engine))…")
                }
                let (r, analyses) = try study.conversion.run(samples: samples, steps: steps, progress: progress) { record in
                    let name = record.sample.name
                    let certificate = try InputCertificate.analyse(record, reference: reference, attribute: attributed.contains(name))
                    let exact = try enclosures.flatMap {
                        certified.contains { $0.name == name } ? try CertifiedError.certify(record, enclosure: $0.enclosure(of: name)) : nil
                    }
                    guard bounded.contains(name) else { return (certificate, exact, nil as APrioriCertificate?) }
                    var bound = try APrioriCertificate.analyse(
                        record, point: reference, calibration: calibration, margin: margin, bits: bits) { log("spikebound: \(name): \($0)…") }
                    if margin.sign > 0 {
                        log("spikebound: \(name): the worst error over \(DomainSampling.defaultPoints) points of its domain…")
                        let worst = try DomainSampling.measure(
                            record.sample, margin: margin, count: DomainSampling.defaultPoints, reference: reference, calibration: calibration,
                            steps: steps)
                        bound = try bound.withDomain(worst, points: DomainSampling.defaultPoints)
                    }
                    return (certificate, exact, bound)
                }
                result = r
                certificates = RunBounds(
                    certificates: analyses.map(\.0), certified: analyses.compactMap(\.1), topSites: topSites ?? 3)
                let domains = analyses.compactMap(\.2)
                aPrioriBounds = domains.isEmpty ? nil : RunAPriori(certificates: domains)
            } else {
                result = try study.conversion.run(samples: samples, steps: steps, progress: progress)
            }
        } catch let error as OperatorError {
            if case .undecided = error { throw CheckFailure(description: "\(error)") }
            throw InputError("\(error)")
        }
        var rounding: RoundingCheck?
        if roundingCheck {
            log("spikebound: certified reference run at \(bits) bits on \(samples[0].name)…")
            rounding = try RoundingCheck.measure(weights: study.weights, sample: samples[0], bits: bits)
        }
        let run = RunOutput(
            model: model, calibration: study.conversion.calibration, result: result, rounding: rounding, bounds: certificates,
            aPriori: aPrioriBounds, task: try study.loaded.taskResult(result), pooling: study.loaded.checkpoint.pooling)
        switch format {
        case .text: return run.text()
        case .json: return try run.json()
        }
    }

    struct Prepared {
        let loaded: LoadedModel
        let conversion: ConversionStudy
        var weights: EncoderWeights<Double> { loaded.weights }
        var samples: [EncoderSample] { loaded.samples }
    }

    /// Loads the model and inputs, and calibrates the pipeline on the inputs.
    func prepare(_ folder: URL) throws -> Prepared {
        let loaded = try LoadedModel(model: model, options: input)
        var configuration = PipelineConfiguration(kind: pipeline)
        configuration.levels = levels
        configuration.rule = rule
        configuration.placement = placement
        configuration.burstLimit = burstLimit
        configuration.calibrationSteps = calibrationSteps
        configuration.groupOperators = groupOperators
        configuration.softmaxShift = softmaxShift
        return Prepared(loaded: loaded, conversion: try loaded.study(configuration))
    }
}

extension PipelineKind: ExpressibleByArgument {}
extension GroupOperatorSource: ExpressibleByArgument {}
extension STASoftmaxShift: ExpressibleByArgument {}
extension ECMTCalibration.Placement: ExpressibleByArgument {}
extension MultiThresholdNeuron.Rule: ExpressibleByArgument {}
