// swift-tools-version:6.1
import PackageDescription

/// Release builds optimise across modules, so that the operators (written once, generic over
/// the scalar) are specialised for Double in the modules that call them.
let crossModule: [SwiftSetting] = [.unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))]
/// The tensor kernels, operators, encoders and pipelines are optimised in debug builds too, so
/// that tests on real models run fast.
let alwaysOptimised: [SwiftSetting] = crossModule + [
    .unsafeFlags(["-O", "-cross-module-optimization"], .when(configuration: .debug))
]

let package = Package(
    name: "SpikeBound",
    products: [
        .executable(name: "spikebound", targets: ["spikebound"]),
        .library(name: "ExactArithmetic", targets: ["ExactArithmetic"]),
        // For the fuzz targets (Fuzz/Package.swift), which build the readers with libFuzzer.
        .library(name: "ReaderHarness", targets: ["ReaderHarness"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // 1. GMP, as a system library.
        .systemLibrary(
            name: "CGMP",
            path: "Sources/CGMP",
            providers: [.apt(["libgmp-dev"])]
        ),
        // 1b. Arb (FLINT's ball arithmetic, Debian's libflint-arb-dev), through a small C layer
        // (CBall) whose header has no GMP or Arb types, so that GMP reaches Swift through CGMP alone.
        .target(
            name: "CBall", path: "Sources/CBall", cSettings: [.unsafeFlags(["-O2"])],
            linkerSettings: [.linkedLibrary("flint-arb"), .linkedLibrary("flint"), .linkedLibrary("gmp")]
        ),
        // 1b'. libpng and libjpeg-turbo (TurboJPEG), the image decoders of `--images`.
        .systemLibrary(
            name: "CImageCodecs",
            path: "Sources/CImageCodecs",
            providers: [.apt(["libpng-dev", "libturbojpeg0-dev"])]
        ),
        // 1c. The Double kernels that need an instruction set chosen at run time (AVX-512, AVX2
        // or the baseline, through target_clones), with products never fused into adds.
        .target(name: "CKernels", path: "Sources/CKernels", cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off"])]),
        // 1d. Diagnostics: one-line messages whatever the input holds, user files read with a
        // reason for every failure, output files written whole or not at all.
        .target(name: "Diagnostics"),
        // 2. Exact arithmetic: Rational, Interval, Ball, certified enclosures.
        .target(name: "ExactArithmetic", dependencies: ["CGMP", "CBall", "Diagnostics"], swiftSettings: crossModule),
        // 3. Tensors generic over the scalar (Double, Rational, Interval).
        .target(name: "Tensors", dependencies: ["ExactArithmetic", "CKernels"], swiftSettings: alwaysOptimised),
        // 3b. Statistics: exact binomial tails in GMP rationals, the order-statistic population
        // bound, Clopper–Pearson and McNemar, and the paired bootstrap (proofs/statistics).
        .target(name: "Statistics", dependencies: ["ExactArithmetic", "Tensors"]),
        // 4. The reference Transformer encoder (BERT post-LN, ViT pre-LN), over the scalar.
        .target(name: "ReferenceTransformer", dependencies: ["Tensors", "ExactArithmetic"], swiftSettings: alwaysOptimised),
        // 5. Spiking operators of ECMT and STA, written once over SpikeScalar.
        .target(name: "SpikingOperators", dependencies: ["Tensors", "ExactArithmetic", "CKernels"], swiftSettings: alwaysOptimised),
        // 5b. Whole spiking encoders (ECMT, STA) over the reference encoder's weights, their
        // calibration, traces and conversion-error measurement.
        .target(
            name: "SpikingPipelines",
            dependencies: ["SpikingOperators", "ReferenceTransformer", "Statistics", "Tensors", "ExactArithmetic"],
            swiftSettings: alwaysOptimised
        ),
        // 6. Bounds: certified per-operator error bounds against T, group-operator audits, and
        // the search, tightness and mutation machinery their tests use.
        .target(
            name: "Bounds",
            dependencies: ["SpikingPipelines", "SpikingOperators", "ReferenceTransformer", "Tensors", "ExactArithmetic"],
            swiftSettings: alwaysOptimised
        ),
        // 7. Model I/O: exact JSON, group-operator files (STA's released ones as resources),
        // safetensors, Hugging Face configs and name mapping, encoder inputs.
        .target(
            name: "ModelIO",
            dependencies: ["SpikingPipelines", "SpikingOperators", "ReferenceTransformer", "Tensors", "ExactArithmetic", "Diagnostics", "CImageCodecs"],
            resources: [.copy("Resources/sta-group-operators")]
        ),
        // 8a. Studies: one pipeline's study as every command runs it (inputs and a plan in, typed
        // events out, typed results out), over the checkpoint readers and the bounds.
        .target(
            name: "Studies",
            dependencies: ["Bounds", "ModelIO", "SpikingPipelines", "SpikingOperators", "ReferenceTransformer", "Tensors", "ExactArithmetic", "Diagnostics"]
        ),
        // 8b. Reports: the report.json model (schema spikebound-report/3), its judge, the Markdown
        // and HTML renderers, and the CI gate of `spikebound check`.
        .target(name: "Reports", dependencies: ["Bounds", "SpikingPipelines", "ReferenceTransformer", "Statistics", "Diagnostics"]),
        // 8c. Scale-out: the calibration file, shard records and their merge into the report,
        // and the Slurm batch scripts of the three stages (docs/scale-out.md).
        .target(
            name: "ScaleOut",
            dependencies: [
                "Studies", "Reports", "Bounds", "SpikingPipelines", "Statistics", "Diagnostics", .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // 9. The command, as a library so that tests can drive it, and a thin executable.
        .target(
            name: "SpikeBoundCLI",
            dependencies: [
                "ExactArithmetic", "Tensors", "SpikingOperators", "SpikingPipelines", "ReferenceTransformer", "ModelIO", "Bounds",
                "Reports", "Studies", "ScaleOut", "Statistics", "Diagnostics", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "spikebound", dependencies: ["SpikeBoundCLI"]),
        // 10. Every reader of outside files fed raw bytes, with the invariant each must keep: the
        // libFuzzer targets (Fuzz/) and the regression replay test (Tests/Regressions/) share it.
        .target(name: "ReaderHarness", dependencies: ["ModelIO", "Reports", "SpikeBoundCLI", "ExactArithmetic"]),
        // Benchmarks: run with `swift run -c release spikebound-bench`.
        .executableTarget(
            name: "spikebound-bench",
            dependencies: ["ExactArithmetic", "Tensors", "SpikingOperators", "SpikingPipelines", "ReferenceTransformer", "ModelIO", "Bounds"]
        ),
        // Seeded property runs and edge-case generators shared by the test targets.
        .target(
            name: "PropertyTestSupport",
            dependencies: [
                "ExactArithmetic",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            path: "Tests/PropertyTestSupport"
        ),
        .testTarget(
            name: "ExactArithmeticTests",
            dependencies: [
                "ExactArithmetic", "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "StatisticsTests",
            dependencies: [
                "Statistics", "ExactArithmetic", "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "TensorsTests",
            dependencies: [
                "Tensors", "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ModelIOTests",
            dependencies: ["ModelIO", "Diagnostics", "ReferenceTransformer", "Tensors", "ExactArithmetic", "PropertyTestSupport"]
        ),
        .testTarget(
            name: "ReferenceTransformerTests",
            dependencies: ["ReferenceTransformer", "ModelIO", "Tensors", "ExactArithmetic", "PropertyTestSupport"]
        ),
        .testTarget(
            name: "SpikingOperatorsTests",
            dependencies: [
                "SpikingOperators", "Tensors", "ModelIO", "ExactArithmetic", "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SpikingPipelinesTests",
            dependencies: [
                "SpikingPipelines", "SpikingOperators", "ReferenceTransformer", "ModelIO", "Tensors", "ExactArithmetic",
                "PropertyTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "BoundsTests",
            dependencies: [
                "Bounds", "SpikingOperators", "SpikingPipelines", "ReferenceTransformer", "ModelIO", "Tensors", "ExactArithmetic",
                "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ReportsTests",
            dependencies: [
                "Reports", "SpikingPipelines", "Statistics", "PropertyTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "DiagnosticsTests",
            dependencies: ["Diagnostics", "PropertyTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "PropertyTestSupportTests",
            dependencies: ["PropertyTestSupport", "ExactArithmetic", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(name: "ReaderHarnessTests", dependencies: ["ReaderHarness", "PropertyTestSupport"]),
        .testTarget(
            name: "ScaleOutTests",
            dependencies: [
                "ScaleOut", "Studies", "Reports", "SpikingPipelines", "ExactArithmetic", "PropertyTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "SpikeBoundCLITests",
            dependencies: ["SpikeBoundCLI", "Reports", "ExactArithmetic", "ModelIO", "ReferenceTransformer", "Tensors", "PropertyTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
