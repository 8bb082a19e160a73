import Diagnostics
import Foundation
import ModelIO
import PropertyTestSupport
import Testing

/// The PNG and JPEG decoders against Pillow's decoding of the same files (`.convert("RGB")`;
/// scripts/make-vision-fixtures), and their one-line errors.
@Suite("Image decoding (libpng, TurboJPEG)")
struct ImageDecoderTests {
    static let folder = RepositoryFiles.url("Fixtures/images")

    static func pillow(_ name: String) throws -> (width: Int, height: Int, pixels: [UInt8]) {
        let file = try SafetensorsFile(contentsOf: folder.appendingPathComponent("reference.safetensors"))
        guard let e = file.entries.first(where: { $0.name == name }) else { throw ModelError("no reference \(name)") }
        return (e.shape[1], e.shape[0], try file.integers(name).map { UInt8($0) })
    }

    @Test(arguments: ["china.jpg", "china.png", "flower.png", "flower-420.jpg", "grey.png", "palette.png", "rgba.png"])
    func decodesAsPillowDoes(_ name: String) throws {
        let image = try ImageDecoder.decode(contentsOf: Self.folder.appendingPathComponent(name))
        let expected = try Self.pillow(name)
        #expect(image.width == expected.width && image.height == expected.height)
        let differing = zip(image.pixels, expected.pixels).filter { $0 != $1 }.count
        #expect(differing == 0, "\(name): \(differing) of \(image.pixels.count) samples differ from Pillow's")
    }

    @Test func truncatedAndForeignFilesAreRefusedInOneLine() throws {
        let cases: [(String, String)] = [
            ("truncated.jpg", "truncated.jpg: truncated or corrupt JPEG"),
            ("truncated.png", "truncated.png: truncated or corrupt PNG"),
            ("not-an-image.png", "not-an-image.png: not a PNG or JPEG image (unknown signature)"),
        ]
        for (name, prefix) in cases {
            do {
                _ = try ImageDecoder.decode(contentsOf: Self.folder.appendingPathComponent("bad/" + name))
                Issue.record("\(name) was decoded")
            } catch let error as ModelError {
                #expect(error.description.hasPrefix(prefix), "\(error.description)")
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(throws: ModelError.self) { try ImageDecoder.decode([], source: "empty.png") }
        #expect(throws: FileProblem(Self.folder.path, "is a folder, not a file")) { try ImageDecoder.decode(contentsOf: Self.folder) }
        #expect(throws: FileProblem(Self.folder.appendingPathComponent("missing.png").path, "no such file")) {
            try ImageDecoder.decode(contentsOf: Self.folder.appendingPathComponent("missing.png"))
        }
    }

    /// A PNG header claiming 100 000 × 100 000 pixels is refused before anything is allocated.
    @Test func aHugeClaimedSizeIsRefused() throws {
        var bytes = Array(try Data(contentsOf: Self.folder.appendingPathComponent("china.png")))
        // IHDR's width and height follow the signature (8), the chunk length (4) and type (4).
        let big: [UInt8] = [0x00, 0x01, 0x86, 0xA0]
        bytes.replaceSubrange(16..<20, with: big)
        bytes.replaceSubrange(20..<24, with: big)
        do {
            _ = try ImageDecoder.decode(bytes, source: "huge.png")
            Issue.record("a 10¹⁰-pixel header was accepted")
        } catch let error as ModelError {
            // libpng may refuse the edited header's CRC first; either way, one line, no allocation.
            #expect(error.description.hasPrefix("huge.png: "), "\(error.description)")
        }
    }
}
