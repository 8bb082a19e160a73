// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for SpikeBound's readers (issue 21), one executable each. Build and run one
/// with `scripts/fuzz TARGET SECONDS` from the repository's root: it builds this package in
/// release mode with toolset.json, which compiles every Swift module (the readers too, not only
/// the targets) with `-sanitize=fuzzer,address` and links with lld (gold fails on these links).
let package = Package(
    name: "SpikeBoundFuzz",
    dependencies: [.package(name: "SpikeBound", path: "..")],
    targets: [
        .target(name: "FuzzSupport", path: "Sources/FuzzSupport"),
        .executableTarget(name: "fuzz-json", dependencies: ["FuzzSupport", .product(name: "ModelIO", package: "SpikeBound")], path: "Sources/fuzz-json"),
        .executableTarget(name: "fuzz-rational", dependencies: ["FuzzSupport", .product(name: "ExactArithmetic", package: "SpikeBound")], path: "Sources/fuzz-rational"),
        .executableTarget(name: "fuzz-safetensors", dependencies: ["FuzzSupport", .product(name: "ModelIO", package: "SpikeBound")], path: "Sources/fuzz-safetensors"),
        .executableTarget(name: "fuzz-images", dependencies: ["FuzzSupport", .product(name: "ModelIO", package: "SpikeBound")], path: "Sources/fuzz-images"),
        .executableTarget(name: "fuzz-onnx", dependencies: ["FuzzSupport", .product(name: "ModelIO", package: "SpikeBound")], path: "Sources/fuzz-onnx"),
        .executableTarget(name: "fuzz-group-operator", dependencies: ["FuzzSupport", .product(name: "ModelIO", package: "SpikeBound")], path: "Sources/fuzz-group-operator"),
        .executableTarget(name: "fuzz-config", dependencies: ["FuzzSupport", .product(name: "ModelIO", package: "SpikeBound")], path: "Sources/fuzz-config"),
        .executableTarget(name: "fuzz-report", dependencies: ["FuzzSupport", .product(name: "Reports", package: "SpikeBound")], path: "Sources/fuzz-report"),
    ],
    swiftLanguageModes: [.v6]
)
