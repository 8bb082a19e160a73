// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for SpikeBound's readers (issue 21), one executable per `ReaderTarget` of
/// the main package's ReaderHarness, which holds what each target feeds and checks (so that
/// `RegressionReplayTests` replays the same code on Tests/Regressions/). Build and run one with
/// `scripts/fuzz TARGET SECONDS` from the repository's root: it builds this package in release
/// mode with toolset.json, which compiles every Swift module (the readers too, not only the
/// targets) with `-sanitize=fuzzer,address` and links with lld (gold fails on these links).
let package = Package(
    name: "SpikeBoundFuzz",
    dependencies: [.package(name: "SpikeBound", path: "..")],
    targets: [
        .target(name: "FuzzSupport", dependencies: [.product(name: "ReaderHarness", package: "SpikeBound")], path: "Sources/FuzzSupport"),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport"], path: "Sources/fuzz-json"),
        .executableTarget(name: "fuzz-rational", dependencies: ["FuzzSupport"], path: "Sources/fuzz-rational"),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzSupport"], path: "Sources/fuzz-safetensors"),
        .executableTarget(name: "fuzz-images", dependencies: ["FuzzSupport"], path: "Sources/fuzz-images"),
        .executableTarget(name: "fuzz-onnx", dependencies: ["FuzzSupport"], path: "Sources/fuzz-onnx"),
        .executableTarget(name: "fuzz-group-operator", dependencies: ["FuzzSupport"], path: "Sources/fuzz-group-operator"),
        .executableTarget(name: "fuzz-config", dependencies: ["FuzzSupport"], path: "Sources/fuzz-config"),
        .executableTarget(name: "fuzz-report", dependencies: ["FuzzSupport"], path: "Sources/fuzz-report"),
        .executableTarget(name: "fuzz-baseline", dependencies: ["FuzzSupport"], path: "Sources/fuzz-baseline"),
        .executableTarget(name: "fuzz-spec", dependencies: ["FuzzSupport"], path: "Sources/fuzz-spec"),
        .executableTarget(name: "fuzz-texts", dependencies: ["FuzzSupport"], path: "Sources/fuzz-texts"),
    ],
    swiftLanguageModes: [.v6]
)
