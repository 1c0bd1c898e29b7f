#if canImport(Glibc)
import Glibc
#endif

/// Decimal text to `Double` straight from bytes, correctly rounded.
///
/// Plain decimals whose digits form an integer `m ≤ 2⁵³` and whose decimal exponent `e` satisfies `|e| ≤ 22`
/// are converted by Clinger's fast path
///
///     value = m × 10^e   or   m / 10^(−e)
///
/// which is exact-then-rounded-once because both `m` and `10^|e|` are exactly representable. Up to 19
/// significant digits with `|e| ≤ 27` (every full-precision `Double` printed without a large exponent) go
/// through exact 128-bit integer arithmetic (`scaledExactly`). Everything else (more digits, large exponents,
/// hexadecimal floats) goes to the C library's `strtod`, which rounds correctly. Reference: W. D. Clinger, "How to read floating point numbers accurately", PLDI 1990.
enum NumberParser {
    /// What a cell holds.
    enum Cell {
        case number(Double)
        /// NaN, ±infinity, or a missing-value marker (empty, `NA`, `N/A`, `null`, read as NaN).
        case nonFinite(Double)
        case text
    }

    private static let powersOfTen: [Double] = (0...22).map { exponent in
        var value = 1.0
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Classifies and converts the bytes `[start, end)` (already trimmed of surrounding blanks).
    @inline(__always)
    static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        if start >= end { return .nonFinite(.nan) }
        if let (value, stop) = prefix(base, start, end), stop == end { return .number(value) }
        return slowPath(base, start, end)
    }

    /// The plain decimal `[-+]digits[.digits][(e|E)[-+]digits]` starting at `start` (before `end`) and the index
    /// just after it; `nil` when there is none or it needs `strtod` (more than 19 significant digits, |e| > 27).
    /// The caller checks what follows (the field's end or a delimiter).
    @inline(__always)
    static func prefix(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> (Double, Int)? {
        if start >= end { return nil }
        var i = start
        var negative = false
        if p[i] == UInt8(ascii: "-") { negative = true; i += 1 } else if p[i] == UInt8(ascii: "+") { i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var exponent = 0
        while i < end, p[i] &- 48 < 10 {
            if significant > 0 || p[i] != 48 { significant += 1 }
            if significant > 19 { return nil }
            mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
            digits += 1
            i += 1
        }
        if i < end, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < end, p[i] &- 48 < 10 {
                if significant > 0 || p[i] != 48 { significant += 1 }
                if significant > 19 { return nil }
                mantissa = mantissa &* 10 &+ UInt64(p[i] &- 48)
                digits += 1
                exponent -= 1
                i += 1
            }
        }
        if digits == 0 { return nil }
        if i < end, p[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < end, p[i] == UInt8(ascii: "-") { exponentNegative = true; i += 1 } else if i < end, p[i] == UInt8(ascii: "+") { i += 1 }
            var value = 0
            var exponentDigits = 0
            while i < end, p[i] &- 48 < 10 {
                if value < 10_000 { value = value * 10 + Int(p[i] &- 48) }
                exponentDigits += 1
                i += 1
            }
            if exponentDigits == 0 { return nil }
            exponent += exponentNegative ? -value : value
        }
        var value: Double
        if mantissa == 0 {
            value = 0
        } else if mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            value = Double(mantissa)
            if exponent != 0 { value = exponent < 0 ? value / powersOfTen[-exponent] : value * powersOfTen[exponent] }
        } else if exponent >= -27 && exponent <= 27 {
            value = scaledExactly(mantissa, exponent)
        } else {
            return nil
        }
        return (negative ? -value : value, i)
    }

    private static let powersOfFive: [UInt64] = (0...27).map { exponent in
        var value: UInt64 = 1
        for _ in 0..<exponent { value *= 5 }
        return value
    }

    /// `w × 10^e` correctly rounded, for `0 < w < 2⁶⁴` and `|e| ≤ 27` (so that `5^|e| < 2⁶⁴`).
    ///
    /// With `10^e = 5^e · 2^e`, the power of two is an exact scaling, so only `w · 5^e` (a 128-bit product) or
    /// `w / 5^k` (a 128-by-64-bit division of `w · 2^s`, `s` chosen so the quotient has 63 or 64 bits) is
    /// needed. The integer keeps at least 63 significant bits; any discarded non-zero bits (or remainder) are
    /// folded into its lowest bit as a sticky bit, below the rounding position, so the one rounding of the
    /// `UInt64 → Double` conversion is the correct rounding of the exact value.
    @inline(__always)
    private static func scaledExactly(_ w: UInt64, _ e: Int) -> Double {
        if e >= 0 {
            let (high, low) = w.multipliedFullWidth(by: powersOfFive[e])
            if high == 0 { return Double(sign: .plus, exponent: e, significand: Double(low)) }
            let shift = high.leadingZeroBitCount
            let top = shift == 0 ? high : (high << UInt64(shift)) | (low >> UInt64(64 - shift))
            let rest = shift == 0 ? low : low << UInt64(shift)
            return Double(sign: .plus, exponent: 64 - shift + e, significand: Double(rest != 0 ? top | 1 : top))
        }
        let k = -e
        let divisor = powersOfFive[k]
        let shift = (64 - divisor.leadingZeroBitCount) - 1 + w.leadingZeroBitCount
        let dividend: (high: UInt64, low: UInt64)
        if shift >= 64 {
            dividend = (w << UInt64(shift - 64), 0)
        } else if shift == 0 {
            dividend = (0, w)
        } else {
            dividend = (w >> UInt64(64 - shift), w << UInt64(shift))
        }
        let (quotient, remainder) = divisor.dividingFullWidth(dividend)
        return Double(sign: .plus, exponent: -shift - k, significand: Double(remainder != 0 ? quotient | 1 : quotient))
    }

    /// `strtod` on a NUL-terminated copy, plus the words for NaN, infinity and missing values.
    private static func slowPath(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Cell {
        let length = end - start
        if length <= 12, let value = nonFiniteWord(p, start, end) { return .nonFinite(value) }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer -> Cell in
            let raw = UnsafeMutableRawPointer(buffer.baseAddress!)
            raw.copyMemory(from: p + start, byteCount: length)
            buffer[length] = 0
            var stop: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &stop)
            guard let stop, stop - buffer.baseAddress! == length else { return .text }
            // strtod also accepts leading blanks and hexadecimal; reject blanks (trimming happened before).
            if buffer[0] == 0x20 || buffer[0] == 0x09 { return .text }
            return value.isFinite ? .number(value) : .nonFinite(value)
        }
    }

    /// The value of case-insensitive `nan`, `inf`, `infinity` (optionally signed), `na`, `n/a`, `null`.
    private static func nonFiniteWord(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        let negative = p[i] == UInt8(ascii: "-")
        if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") { i += 1 }
        var word: [UInt8] = []
        word.reserveCapacity(end - i)
        while i < end { word.append(p[i] | 0x20); i += 1 }
        switch String(decoding: word, as: UTF8.self) {
        case "inf", "infinity": return negative ? -.infinity : .infinity
        case "nan", "na", "n/a", "null": return .nan
        default: return nil
        }
    }
}
