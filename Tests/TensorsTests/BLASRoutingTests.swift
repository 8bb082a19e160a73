import Testing
import Tensors

/// Which products BLAS may take: large enough, dense enough, and with float32 weights (which the
/// built-in kernel reads as Floats) only from 32 rows of A on, where OpenBLAS was measured faster.
@Suite struct BLASRoutingTests {
    @Test func shapes() {
        #expect(BLASRouting.admits(m: 1, k: 64, n: 64, narrow: false))
        #expect(!BLASRouting.admits(m: 1, k: 63, n: 64, narrow: false))
        #expect(!BLASRouting.admits(m: 20, k: 384, n: 1536, narrow: true))
        #expect(!BLASRouting.admits(m: 31, k: 384, n: 384, narrow: true))
        #expect(BLASRouting.admits(m: 32, k: 384, n: 384, narrow: true))
        #expect(BLASRouting.admits(m: 20, k: 384, n: 1536, narrow: false))
    }

    @Test func zeros() {
        #expect(BLASRouting.admits(zeros: 84, of: 100))
        #expect(!BLASRouting.admits(zeros: 85, of: 100))
        #expect(BLASRouting.admits(zeros: 0, of: 1))
        #expect(!BLASRouting.admits(zeros: 1, of: 1))
    }
}
