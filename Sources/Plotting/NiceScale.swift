import Foundation

/// Axis ticks at "nice" round numbers: spacings of 1, 2 or 5 times a power of ten, and axis bounds that are
/// multiples of the spacing and enclose the data.
///
/// Heckbert's rule: the range is first rounded up to a nice number, then the spacing is the nice number
/// nearest to `range / (maxTicks − 1)`:
///
///     nice(x, round) = f̂ · 10^⌊log₁₀ x⌋,  f = x / 10^⌊log₁₀ x⌋
///       round:  f̂ = 1 if f < 1.5, 2 if f < 3, 5 if f < 7, else 10
///       ceiling: f̂ = 1 if f ≤ 1, 2 if f ≤ 2, 5 if f ≤ 5, else 10
///     spacing = nice(nice(max − min, ceiling) / (maxTicks − 1), round)
///     lower = ⌊min / spacing⌋ · spacing,  upper = ⌈max / spacing⌉ · spacing
///
/// Edge cases: an empty or non-finite range becomes 0...1; a single value v becomes v ± max(|v|/10, 0.5).
/// Reference: P. S. Heckbert, "Nice numbers for graph labels", Graphics Gems (1990), 61–63.
public struct NiceScale: Sendable, Equatable {
    /// The axis start, a multiple of `spacing` at or below the data minimum.
    public let lower: Double
    /// The axis end, a multiple of `spacing` at or above the data maximum.
    public let upper: Double
    /// The distance between ticks: 1, 2 or 5 times a power of ten.
    public let spacing: Double

    /// A scale for data in `minimum...maximum` with about `maxTicks` ticks (at least 2).
    public init(minimum: Double, maximum: Double, maxTicks: Int = 6) {
        var low = minimum, high = maximum
        if !low.isFinite || !high.isFinite || low > high { (low, high) = (0, 1) }
        if low == high {
            let pad = max(abs(low) / 10, 0.5)
            (low, high) = (low - pad, high + pad)
        }
        let range = Self.niceNumber(high - low, round: false)
        let spacing = Self.niceNumber(range / Double(max(maxTicks, 2) - 1), round: true)
        self.spacing = spacing
        self.lower = (low / spacing).rounded(.down) * spacing
        self.upper = (high / spacing).rounded(.up) * spacing
    }

    /// A scale enclosing the finite values of `values`.
    public init(values: [Double], maxTicks: Int = 6) {
        let finite = values.filter(\.isFinite)
        self.init(minimum: finite.min() ?? .nan, maximum: finite.max() ?? .nan, maxTicks: maxTicks)
    }

    /// Heckbert's nice number near `x > 0`: rounded to nearest (`round`) or to the next one up.
    public static func niceNumber(_ x: Double, round: Bool) -> Double {
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let nice: Double
        if round {
            nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return nice * power
    }

    /// The tick values `lower, lower + spacing, ..., upper` (each rounded to the spacing's decimals).
    public var ticks: [Double] {
        let count = Int(((upper - lower) / spacing).rounded()) + 1
        let decimals = fractionDigits
        let scale = pow(10, Double(decimals))
        return (0..<count).map { k in
            let value = lower + Double(k) * spacing
            return decimals > 0 && decimals < 15 ? (value * scale).rounded() / scale : value
        }
    }

    /// The decimals a tick label needs: `max(0, −⌊log₁₀ spacing⌋)`.
    public var fractionDigits: Int { max(0, -Int(log10(spacing).rounded(.down))) }

    /// The label of a tick value, with exactly `fractionDigits` decimals (and no `-0`).
    public func label(_ value: Double) -> String {
        let text = String(format: "%.\(fractionDigits)f", value)
        return text.hasPrefix("-") && Double(text) == 0 ? String(text.dropFirst()) : text
    }
}
