import Foundation

/// A tiling of the plane by regular pointy-top hexagons of circumradius `size`, addressed by axial
/// coordinates (q, r): q counts hexagons along the x axis, r along the 60° axis pointing down-right (y grows
/// downwards, as in SVG).
///
/// ```
/// centre(q, r) = (size · √3 · (q + r/2),  size · 3/2 · r)
/// cell(x, y)   = round_cube(q' = (√3/3 · x − 1/3 · y) / size,  r' = 2/3 · y / size)
/// ```
///
/// `round_cube` rounds the cube coordinates (q', −q' − r', r') to integers and recomputes the one that moved
/// most from the other two, so the three still sum to zero: the cell it gives is the hexagon whose centre
/// is nearest to (x, y) (the hexagons are the Voronoi cells of their centres).
///
/// Edge cases: a point on the border of two or three hexagons goes to one of them, the same one every time.
/// Each hexagon is √3 · size wide, 2 · size tall, and rows are 1.5 · size apart; a hexagon covers
/// (3√3/2) · size² square units.
///
/// - Complexity: O(1) per point.
/// - Reference: A. Patel, "Hexagonal Grids", Red Blob Games (2013), sections "Axial coordinates" and
///   "Rounding"; D. B. Carr et al., "Scatterplot matrix techniques for large N", JASA 82 (1987) for binning.
public struct HexagonalGrid: Sendable, Equatable {
    /// One hexagon of the grid, by its axial coordinates.
    public struct Cell: Sendable, Hashable {
        /// The axial column.
        public var q: Int
        /// The axial row.
        public var r: Int

        /// The hexagon at axial coordinates (q, r).
        public init(q: Int, r: Int) {
            self.q = q
            self.r = r
        }
    }

    /// The circumradius: the distance from a hexagon's centre to each of its corners.
    public var size: Double

    /// The grid of hexagons with circumradius `size`, the hexagon (0, 0) centred at the origin.
    ///
    /// - Precondition: `size` is finite and positive.
    public init(size: Double) {
        precondition(size > 0 && size.isFinite, "HexagonalGrid: size = \(size) must be finite and positive")
        self.size = size
    }

    /// The area of one hexagon, (3√3/2) · size².
    public var cellArea: Double { 1.5 * 3.0.squareRoot() * size * size }

    /// The centre of `cell`: (size · √3 · (q + r/2), size · 3/2 · r).
    public func center(of cell: Cell) -> (x: Double, y: Double) {
        (size * 3.0.squareRoot() * (Double(cell.q) + Double(cell.r) / 2), size * 1.5 * Double(cell.r))
    }

    /// The hexagon containing the finite point (x, y): the one whose centre is nearest.
    ///
    /// - Precondition: `x` and `y` are finite and within ±2⁵⁰ · size (the rounded coordinates fit an `Int`).
    public func cell(containing x: Double, _ y: Double) -> Cell {
        let fractionalQ = (3.0.squareRoot() / 3 * x - y / 3) / size
        let fractionalR = (2.0 / 3 * y) / size
        let fractionalS = -fractionalQ - fractionalR
        var q = fractionalQ.rounded(), r = fractionalR.rounded(), s = fractionalS.rounded()
        let dq = abs(q - fractionalQ), dr = abs(r - fractionalR), ds = abs(s - fractionalS)
        if dq > dr && dq > ds {
            q = -r - s
        } else if dr > ds {
            r = -q - s
        } else {
            s = -q - r
        }
        return Cell(q: Int(q), r: Int(r))
    }
}
