import Foundation
import Tensors

/// The bad-input table's rows (docs/reliability.md), in its order.
extension BadInput {
    static let all: [BadInput] = numbers + steps + thresholds + shapes + files + reports + outputs + scaleOut

    /// NaN, ±inf, subnormal and huge weights or inputs.
    static let numbers: [BadInput] = [
        BadInput("a NaN weight", run,
            "model.safetensors: tensor '\(query)' holds nan at element 0 of 64: weights and inputs must be finite", setup: modelWithQuery(.nan)),
        BadInput("a +inf weight", run,
            "model.safetensors: tensor '\(query)' holds inf at element 0 of 64: weights and inputs must be finite", setup: modelWithQuery(.infinity)),
        BadInput("a −inf input", run + ["--inputs", "inputs.safetensors"],
            "inputs.safetensors: tensor 'input.0' holds -inf at element 0 of 32: weights and inputs must be finite",
            setup: withModel(inputsWith(-.infinity))),
        BadInput("a NaN input", run + ["--inputs", "inputs.safetensors"],
            "inputs.safetensors: tensor 'input.0' holds nan at element 0 of 32: weights and inputs must be finite",
            setup: withModel(inputsWith(.nan))),
        BadInput("a subnormal weight (float32's smallest, 1.4e-45)", run, nil, setup: modelWithQuery(Double(Float.leastNonzeroMagnitude))),
        BadInput("a subnormal input (float64's smallest, 4.9e-324)", run + ["--inputs", "inputs.safetensors"], nil,
            setup: withModel(inputsWith(.leastNonzeroMagnitude))),
        BadInput("a weight of 3e38 (finite; ECMT's float32 calibration overflows)", run,
            "ECMT calibration at layer 0, query: the calibrated level is inf: the activations' percentiles overflow when averaged over the batches",
            setup: modelWithQuery(3e38)),
        BadInput("an input of 1e300 (finite; the Double ANN overflows)", run + ["--inputs", "inputs.safetensors"],
            "input.0: the Double reference ANN cannot run it: LayerNorm of a row holding NaN or infinity: the values before it overflowed double precision",
            setup: withModel(inputsWith(1e300))),
        BadInput("a NaN margin", run + ["--a-priori", "1", "--margin", "nan"],
            "The value 'nan' is invalid for '--margin <M>': malformed number 'nan': NaN and infinities are not numbers here; give a finite value",
            setup: copyModel),
        BadInput("a simulate step of 1e400 in double arithmetic", ["simulate", "--spec", "spec.json"],
            "a result is inf; the double computation overflowed or divided by zero", setup: spec(ifSpec(steps: "[[1e400]]", arithmetic: "double"))),
        BadInput("a simulate step of 1e-400 (exact arithmetic)", ["simulate", "--spec", "spec.json"], nil, setup: spec(ifSpec(steps: "[[1e-400]]"))),
    ]

    /// T = 0, negative and huge T.
    static let steps: [BadInput] = [
        BadInput("T = 0", runModel + ["--T", "0"],
            "The value '0' is invalid for '--T <T,…>': every T must be ≥ 1, got 0", setup: copyModel),
        BadInput("T = −3", runModel + ["--T=-3"],
            "The value '-3' is invalid for '--T <T,…>': every T must be ≥ 1, got -3", setup: copyModel),
        BadInput("T = −3 written apart (the parser takes -3 for an option)", runModel + ["--T", "-3"],
            "Missing value for '--T <T,…>'", setup: copyModel),
        BadInput("T = 100001", runModel + ["--T", "100001"],
            "The value '100001' is invalid for '--T <T,…>': 100001 steps is more than 100000", setup: copyModel),
        BadInput("T = 10²⁰ (beyond Int)", runModel + ["--T", "100000000000000000000"],
            "The value '100000000000000000000' is invalid for '--T <T,…>': '100000000000000000000' is outside 1…100000", setup: copyModel),
        BadInput("T = 2.5", ["bound", "if", "--threshold", "1", "--domain", "0,1", "--T", "2.5"],
            "--T: '2.5' is not a whole number of steps"),
        BadInput("a simulate spec with no steps (T = 0)", ["simulate", "--spec", "spec.json"],
            "steps: at least one step is needed (T ≥ 1)", setup: spec(ifSpec(steps: "[]"))),
        BadInput("STA calibrated for T = 0", run + ["--pipeline", "sta", "--calibration-T", "0"],
            "--calibration-T must be ≥ 1, got 0", setup: copyModel),
        BadInput("bounds asked of STA's public structure", run + ["--pipeline", "sta", "--sta-structure", "public", "--bounds"],
            "--bounds covers STA's spikebound structure only, not --sta-structure public (docs/sta-structures.md says what is missing)",
            setup: copyModel),
        BadInput("bounds asked of STA with the public burst guard", run + ["--pipeline", "sta", "--burst-rule", "public-guard", "--bounds"],
            "--bounds holds for the exact burst rule only, not --burst-rule public-guard (proofs/bounds/B-SB.md)", setup: copyModel),
        BadInput("a released-operator tolerance of 0", run + ["--pipeline", "sta", "--released-tolerance", "0"],
            "--released-tolerance must be a number > 0, got 0.0", setup: copyModel),
    ]

    /// Zero and negative thresholds and levels.
    static let thresholds: [BadInput] = [
        BadInput("threshold 0", ["bound", "if", "--threshold", "0", "--domain", "0,1", "--T", "4"], "--threshold must be > 0, got 0"),
        BadInput("threshold −1", ["bound", "if", "--threshold=-1", "--domain", "0,1", "--T", "4"], "--threshold must be > 0, got -1"),
        BadInput("threshold 0 in a spec", ["simulate", "--spec", "spec.json"],
            "parameters.threshold: must be > 0, got 0", setup: spec(ifSpec(threshold: "0"))),
        BadInput("threshold −1 in a spec", ["simulate", "--spec", "spec.json"],
            "parameters.threshold: must be > 0, got -1", setup: spec(ifSpec(threshold: "-1"))),
        BadInput("a negative multi-threshold level λ⁺", ["simulate", "--spec", "spec.json"],
            "parameters.lambdaPositive: must be > 0, got -1/2",
            setup: spec(#"{"operator": "multi-threshold", "parameters": {"lambdaPositive": -0.5, "lambdaNegative": 1, "levels": 4}, "steps": [[1]]}"#)),
        BadInput("0 levels", run + ["--levels", "0"], "--levels must be in 1…64, got 0", setup: copyModel),
        BadInput("an empty domain [1, 0]", ["bound", "if", "--threshold", "1", "--domain", "1,0", "--T", "4"], "--domain: empty interval: [1, 0]"),
    ]

    /// Shape mismatches, missing tensors, duplicate names, overlapping offsets.
    static let shapes: [BadInput] = [
        BadInput("a weight of the wrong shape", run,
            "model.safetensors: tensor '\(query)' has shape [4, 16], the config needs [8, 8]",
            setup: { folder in
                try model(folder) { tensors in
                    let k = tensors.firstIndex { $0.name == query }!
                    tensors[k].tensor = try Tensor(shape: [4, 16], values: tensors[k].tensor.values)
                }
            }),
        BadInput("a missing tensor", run, "model.safetensors: missing tensor '\(query)'",
            setup: { folder in try model(folder) { $0.removeAll { $0.name == query } } }),
        BadInput("inputs of the wrong width", run + ["--inputs", "narrow.safetensors"],
            "input input.0 has 7 features, the model's hidden size is 8",
            setup: withModel(safetensors("narrow.safetensors", header: #"{"input.0": {"dtype": "F32", "shape": [4, 7], "data_offsets": [0, 112]}}"#, count: 112))),
        BadInput("a duplicate tensor name", run + ["--inputs", "twice.safetensors"],
            #"twice.safetensors: bad header: JSON line 1, column 82: duplicate member "input.0""#,
            setup: withModel(safetensors("twice.safetensors",
                header: #"{"input.0": {"dtype": "F32", "shape": [1, 8], "data_offsets": [0, 32]}, "input.0": {"dtype": "F32", "shape": [1, 8], "data_offsets": [32, 64]}}"#,
                count: 64))),
        BadInput("overlapping data offsets", run + ["--inputs", "overlap.safetensors"],
            "overlap.safetensors: tensor 'b': its data [16, 48) overlaps 'a'",
            setup: withModel(safetensors("overlap.safetensors",
                header: #"{"a": {"dtype": "F32", "shape": [1, 8], "data_offsets": [0, 32]}, "b": {"dtype": "F32", "shape": [1, 8], "data_offsets": [16, 48]}}"#,
                count: 48))),
        BadInput("a data offset past the end", run + ["--inputs", "short.safetensors"],
            "short.safetensors: tensor 'input.0': data_offsets end 128 lies beyond the 100 bytes of data (truncated file?)",
            setup: withModel(safetensors("short.safetensors", header: #"{"input.0": {"dtype": "F32", "shape": [4, 8], "data_offsets": [0, 128]}}"#, count: 100))),
        BadInput("simulate steps of different shapes", ["simulate", "--spec", "spec.json"],
            "steps[1]: shape mismatch: step 2 has shape [1], the first had [2]", setup: spec(ifSpec(steps: "[[1, 2], [1]]"))),
    ]

    /// Files that are folders, missing, unreadable, empty, or claim a 10 GB header.
    static let files: [BadInput] = [
        BadInput("--inputs names a folder", run + ["--inputs", "folder.safetensors"], "folder.safetensors: is a folder, not a file",
            setup: withModel { try FileManager.default.createDirectory(at: $0.appendingPathComponent("folder.safetensors"), withIntermediateDirectories: false) }),
        BadInput("--inputs names no file", run + ["--inputs", "absent.safetensors"], "absent.safetensors: no such file", setup: copyModel),
        BadInput("--inputs is a broken symbolic link", run + ["--inputs", "link.safetensors"],
            "link.safetensors: a broken symbolic link (its target does not exist)",
            setup: withModel { try FileManager.default.createSymbolicLink(atPath: $0.appendingPathComponent("link.safetensors").path, withDestinationPath: "gone") }),
        BadInput("--inputs is a device (/dev/zero would never end)", run + ["--inputs", "/dev/zero"],
            "/dev/zero: not a regular file (a device, FIFO or socket)", setup: copyModel),
        BadInput("an empty safetensors file", run + ["--inputs", "empty.safetensors"],
            "empty.safetensors: truncated: 0 bytes, not even a header length", setup: withModel(file("empty.safetensors", []))),
        BadInput("a header claiming 10 GB", run + ["--inputs", "huge.safetensors"],
            "huge.safetensors: header length 10000000000 is implausible (over 100 MB)",
            setup: withModel(file("huge.safetensors", withUnsafeBytes(of: UInt64(10_000_000_000).littleEndian, Array.init) + Array("{}".utf8)))),
        BadInput("--model names a file", ["run", "--model", "model/config.json"],
            "--model: 'model/config.json' is not a folder (or an .onnx file)", setup: copyModel),
        BadInput("--spec names a folder", ["simulate", "--spec", "."], "--spec: .: is a folder, not a file"),
        BadInput("an empty spec", ["simulate", "--spec", "spec.json"], "--spec: JSON line 1, column 1: unexpected end of input", setup: spec("")),
        BadInput("a spec byte that is a line break in Unicode (U+0085)", ["simulate", "--spec", "spec.json"],
            "--spec: JSON line 1, column 1: unexpected byte 0x85", setup: file("spec.json", [0x85])),
        BadInput("a misspelt key in a spec", ["simulate", "--spec", "spec.json"],
            #"unknown key "arithmetik" (a spec has operator, arithmetic, parameters and steps; a golden case's note, outputs and membrane are ignored)"#,
            setup: spec(#"{"operator": "if", "arithmetik": "double", "parameters": {"threshold": 1}, "steps": [[1]]}"#)),
        BadInput("a JSON string with a line break in an operator name", ["simulate", "--spec", "spec.json"],
            #"operator: "a\u{A}b" is not one of if, multi-threshold, signed-burst, expectation-compensation, spike-product, group-operator"#,
            setup: spec(#"{"operator": "a\nb", "steps": [[1]]}"#)),
    ]

    /// Reports of another schema, empty or not reports, for `check`.
    static let reports: [BadInput] = [
        BadInput("a report of schema spikebound-report/5", ["check", "report.json"],
            #"report report.json: schema is "spikebound-report/5", expected "spikebound-report/4" (or "spikebound-report/3" or "spikebound-report/2")"#,
            setup: report("report.json", schema: "spikebound-report/5")),
        BadInput("a baseline of schema spikebound-report/1", ["check", "report.json", "--baseline", "base.json"],
            #"baseline base.json: schema is "spikebound-report/1", expected "spikebound-report/4" (or "spikebound-report/3" or "spikebound-report/2")"#,
            setup: { try report("report.json", schema: "spikebound-report/4")($0); try report("base.json", schema: "spikebound-report/1")($0) }),
        BadInput("an empty report", ["check", "report.json"], "report report.json: not valid JSON", setup: file("report.json", [])),
        BadInput("a coverage of 1", reportTiny + ["--coverage", "1"], "The value '1' is invalid for '--coverage <Q>': a level must lie strictly between 0 and 1, got 1", setup: copyModel),
        BadInput("a confidence that is not a number", reportTiny + ["--confidence", "high"], "The value 'high' is invalid for '--confidence <C>': 'high' is not a number between 0 and 1 (for example 0.95, 19/20 or 95%)", setup: copyModel),
        BadInput("a head with no labels", run + ["--head", "head.safetensors"], "head.safetensors: no __metadata__.labels (a JSON array of the class names)", setup: withModel(head(width: 8, labels: nil))),
        BadInput("a head of another width than the model's", run + ["--head", "head.safetensors"], "--head head.safetensors: the head reads 5 features, the model's embedding has 8",
            setup: withModel(head(width: 5, labels: #"["a", "b"]"#))),
        BadInput("a report that is a folder", ["check", "."], "report .: is a folder, not a file"),
        BadInput("an empty tolerance config", ["check", "report.json", "--tolerances", "t.json"], "tolerances t.json: not valid JSON",
            setup: { try report("report.json", schema: "spikebound-report/4")($0); try file("t.json", [])($0) }),
    ]

    /// Output folders that cannot be written; nothing is left half-written (BadInputTableTests).
    static let outputs: [BadInput] = [
        BadInput("--out names a file", reportTiny + ["--out", "model/config.json"], "--out: model/config.json: is a file, not a folder", setup: copyModel),
        BadInput("--out lies under a file", reportTiny + ["--out", "model/config.json/report"],
            "--out: model/config.json/report: cannot create it: model/config.json is a file, not a folder", setup: copyModel),
        BadInput("--out holds a folder named report.md", reportTiny + ["--out", "out"],
            "--out: out/report.md: is a folder, so the file of that name cannot be written",
            setup: withModel { try FileManager.default.createDirectory(at: $0.appendingPathComponent("out/report.md"), withIntermediateDirectories: true) }),
    ]

    /// Calibration files, shards and merges (docs/scale-out.md).
    static let scaleOut: [BadInput] = [
        BadInput("a shard that does not exist", reportTiny + ["--shard", "3/3"], "--shard: shard 3 of 3 does not exist (shards are numbered 0 to 2)", setup: copyModel),
        BadInput("--shard auto outside a job array", reportTiny + ["--shard", "auto"],
            "--shard auto: SLURM_ARRAY_TASK_COUNT is not set (not in a Slurm job array); give the count as auto/N", setup: copyModel),
        BadInput("--skip-complete without a shard", reportTiny + ["--skip-complete"], "--skip-complete applies to a shard: give --shard too", setup: copyModel),
        BadInput("a calibration file that is not one", reportTiny + ["--calibration", "c.json"],
            "--calibration c.json: not a calibration file (The given data was not valid JSON.)", setup: withModel(file("c.json", Array("{".utf8)))),
        BadInput("a calibration file of another schema", reportTiny + ["--calibration", "c.json"],
            "--calibration c.json: schema 'spikebound-calibration/0', expected spikebound-calibration/1",
            setup: withModel(file("c.json", Array(#"{"schema": "spikebound-calibration/0"}"#.utf8)))),
        BadInput("a merge of a folder without shards", ["merge", "model"], "model: no shard-*-of-*.json files in this folder", setup: copyModel),
        BadInput("a shard file that is not one", ["merge", "shard-0-of-1.json"],
            "shard-0-of-1.json: not a shard file (missing \"tool\")", setup: file("shard-0-of-1.json", Array(#"{"schema": "spikebound-shard/1"}"#.utf8))),
        BadInput("no shards", ["slurm", "--model", "model", "--shards", "0"], "--shards must be ≥ 1, got 0", setup: copyModel),
    ]
}
