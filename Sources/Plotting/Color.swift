/// An sRGB colour, written in SVG as `#rrggbb`.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    /// The red channel, 0–255.
    public var red: UInt8
    /// The green channel, 0–255.
    public var green: UInt8
    /// The blue channel, 0–255.
    public var blue: UInt8

    /// The colour with the given channels.
    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `0xRRGGBB`.
    public init(hex: UInt32) {
        self.init(red: UInt8((hex >> 16) & 0xFF), green: UInt8((hex >> 8) & 0xFF), blue: UInt8(hex & 0xFF))
    }

    /// `#rrggbb`, lower-case.
    public var description: String {
        let hex = "0123456789abcdef".map { $0 }
        return "#" + [red, green, blue].map { "\(hex[Int($0 >> 4)])\(hex[Int($0 & 0xF)])" }.joined()
    }

    /// The colour `t` of the way from `self` to `other` (per channel, rounded).
    public func interpolated(to other: Color, _ t: Double) -> Color {
        func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { UInt8((Double(a) + (Double(b) - Double(a)) * t).rounded()) }
        return Color(red: mix(red, other.red), green: mix(green, other.green), blue: mix(blue, other.blue))
    }
}

/// The colours of the charts: ten categorical colours for series, twenty for the classes of scatter plots and a
/// perceptually uniform sequential map.
public enum ColorPalette {
    /// Ten distinguishable colours for categories and series (the "Tableau 10" palette); category `k` gets
    /// `categorical[k % 10]`.
    public static let categorical: [Color] = [
        0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2, 0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7, 0x9C755F, 0xBAB0AC,
    ].map(Color.init(hex:))

    /// The colour of category `index`.
    public static func category(_ index: Int) -> Color { categorical[((index % 10) + 10) % 10] }

    /// Twenty colours of maximum contrast for the classes of a scatter plot: Kelly's 22 colours less white (the
    /// background) and black (the axes), in Kelly's order, so the first k are well apart for every k.
    /// Every pair differs by ΔE*ab ≥ 15 in CIELAB (the closest: purple 875692 and violet 604E97).
    ///
    /// Values: the ISCC–NBS centroid colours of K. L. Kelly, "Twenty-two colors of maximum contrast", Color
    /// Engineering 3(6), 1965, in sRGB as listed by P. Green-Armytage, "A colour alphabet and the limits of
    /// colour coding", Colour: Design & Creativity 5 (2010).
    public static let classes: [Color] = [
        0xF3C300, 0x875692, 0xF38400, 0xA1CAF1, 0xBE0032, 0xC2B280, 0x848482, 0x008856, 0xE68FAC, 0x0067A5,
        0xF99379, 0x604E97, 0xF6A600, 0xB3446C, 0xDCD300, 0x882D17, 0x8DB600, 0x654522, 0xE25822, 0x2B3D26,
    ].map(Color.init(hex:))

    /// The colour of class `index` of a scatter plot: `classes[index mod 20]` (classes 20 apart share a colour).
    public static func classColor(_ index: Int) -> Color {
        classes[((index % classes.count) + classes.count) % classes.count]
    }

    /// Ten stops sampled evenly from the viridis map (dark purple → yellow), interpolated linearly between.
    public static let viridisStops: [Color] = [
        0x440154, 0x482878, 0x3E4989, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6ECE58, 0xB5DE2B, 0xFDE725,
    ].map(Color.init(hex:))

    /// The sequential colour of `t` in [0, 1] (clamped; NaN gives grey).
    public static func sequential(_ t: Double) -> Color {
        guard t.isFinite else { return Color(hex: 0x999999) }
        let position = min(max(t, 0), 1) * Double(viridisStops.count - 1)
        let index = min(Int(position), viridisStops.count - 2)
        return viridisStops[index].interpolated(to: viridisStops[index + 1], position - Double(index))
    }
}
