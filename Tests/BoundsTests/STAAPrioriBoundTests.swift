import Bounds
import Testing

/// B-STA on random tiny encoders: the STA pipeline's observed error never exceeds the a priori
/// bound at any point we try of the domain (centre, corners, interior), any layer or T. Intervals
/// at 64 bits: the analysis takes no firing decisions, so the precision only sets the widths.
@Suite struct STAAPrioriBoundTests {
    @Test func observedErrorIsWithinTheSTABound() {
        APrioriBoundTests.observedIsWithinTheBound(.sta, theorem: "B-STA", cases: 4, bits: 64, STAAPrioriBound.analyse)
    }
}
