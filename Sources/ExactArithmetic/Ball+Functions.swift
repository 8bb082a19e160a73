import CBall

/// The elementary functions of balls, by Arb's rigorous implementations (BALL-ARB): each
/// result contains f(x) for every point x of the ball. They throw outside f's domain (a ball
/// that reaches it) and where the result is not finite.
extension Ball {
    public func exp() throws -> Ball {
        let p = Ball.working(self, self)
        return try withSource { x in try Ball.make(p, "exp(\(self))") { sb_ball_exp($0, x, p) } }
    }

    /// 1/√x for a ball of positive numbers.
    public func rsqrt() throws -> Ball {
        let p = Ball.working(self, self)
        return try withSource { x in try Ball.make(p, "1/√x of \(self), which is not positive") { sb_ball_rsqrt($0, x, p) } }
    }

    /// 1/x for a ball without 0.
    public func reciprocal() throws -> Ball {
        let p = Ball.working(self, self)
        return try withSource { x in try Ball.make(p, "1/x of \(self), which contains 0") { sb_ball_inv($0, x, p) } }
    }

    /// GELU in the given form: x·Φ(x), its tanh approximation, or x·σ(1.702x).
    public func gelu(_ form: GELUForm) throws -> Ball {
        let p = Ball.working(self, self)
        return try withSource { x in
            try Ball.make(p, "GELU (\(form.rawValue)) of \(self)") { r in
                switch form {
                case .erf: return sb_ball_gelu_erf(r, x, p)
                case .tanh: return sb_ball_gelu_tanh(r, x, p)
                case .quick: return sb_ball_gelu_quick(r, x, p)
                }
            }
        }
    }
}
