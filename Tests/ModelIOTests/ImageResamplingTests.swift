import Foundation
import ModelIO
import PropertyTestSupport
import Testing

/// Pillow's resize, reproduced: every filter, shrinking and enlarging, both axes and one.
@Suite("Image resampling (Pillow's resize)")
struct ImageResamplingTests {
    @Test(arguments: ImageResampling.Filter.allCases)
    func equalsPillowsResize(_ filter: ImageResampling.Filter) throws {
        let source = try ImageDecoder.decode(contentsOf: ImageDecoderTests.folder.appendingPathComponent("china.png"))
        for (w, h) in [(24, 16), (18, 12), (100, 70), (48, 20), (7, 33)] {
            let expected = try ImageDecoderTests.pillow("resize.\(filter.name).\(w)x\(h)")
            let resized = try ImageResampling.resize(source, width: w, height: h, filter: filter)
            #expect(resized.width == w && resized.height == h)
            let differing = zip(resized.pixels, expected.pixels).filter { $0 != $1 }.count
            #expect(differing == 0, "\(filter.name) \(w)×\(h): \(differing) samples differ from Pillow's")
        }
    }

    @Test func anImageOfTheSameSizeIsUnchanged() throws {
        let source = try ImageDecoder.decode(contentsOf: ImageDecoderTests.folder.appendingPathComponent("china.png"))
        #expect(try ImageResampling.resize(source, width: source.width, height: source.height, filter: .bicubic) == source)
        #expect(throws: ModelError.self) { try ImageResampling.resize(source, width: 0, height: 3, filter: .bicubic) }
    }
}
