import Foundation
import ReaderHarness

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// Hands the process's arguments to libFuzzer's driver with `body` as the target. SwiftPM links
/// an executable's `main` to its module's entry point, so libFuzzer's own `main` is not used.
public func fuzzerMain(_ body: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    _ = Fuzzing.harness
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(runFuzzerDriver(&argc, &argv, body))
}

/// The harness, loaded once from the repository (the fuzz targets run from it or from Fuzz/).
public enum Fuzzing {
    public static let harness: ReaderHarness = {
        do { return try ReaderHarness.fromWorkingDirectory() } catch {
            FileHandle.standardError.write(Data("fuzz: \(error)\n".utf8))
            exit(2)
        }
    }()

    /// Feeds one input to `target`; a violated invariant aborts, which libFuzzer records as a crash.
    public static func feed(_ target: ReaderTarget, _ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        if case .violated(let what) = harness.feed(target, bytes) {
            FileHandle.standardError.write(Data("fuzz-\(target.rawValue): \(what)\n".utf8))
            abort()
        }
        return 0
    }
}
