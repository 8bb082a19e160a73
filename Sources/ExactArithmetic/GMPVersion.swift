import CGMP

/// The GMP library this process runs on.
public enum GMPLibrary {
    /// GMP's `gmp_version`, such as "6.2.1".
    public static var version: String { String(cString: sb_gmp_version()) }
}
