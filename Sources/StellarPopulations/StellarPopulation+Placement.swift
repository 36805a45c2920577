import Numerics

/// What the placement loop stores per star besides its isochrone row pair and fraction
/// (`StellarPopulation.place`): a full `StellarPopulation` keeps present mass, phase and
/// whether the star lives; a caller that needs only magnitudes keeps nothing.
protocol StarPlacementRecord {
  /// Whether `place` keeps only the stars with light: their row pairs and fractions at
  /// consecutive slots, their indices in `luminousStars` (see `place`).
  static var compacts: Bool { get }
  /// Star `star`'s present mass (M☉), PARSEC phase (−1: remnant) and whether it lives.
  func record(_ star: Int, currentMass: Float, phase: @autoclosure () -> Int, isAlive: Bool)
}

/// Stores every star's present mass, phase and life into three buffers of the star count.
struct StarRecord: StarPlacementRecord {
  static var compacts: Bool { false }
  let currentMass: UnsafeMutableBufferPointer<Float>
  let phase: UnsafeMutableBufferPointer<Int>
  let isAlive: UnsafeMutableBufferPointer<Bool>

  @inline(__always) func record(_ star: Int, currentMass: Float, phase: @autoclosure () -> Int, isAlive: Bool) {
    self.currentMass[star] = currentMass
    self.phase[star] = phase()
    self.isAlive[star] = isAlive
  }
}

/// Stores nothing per star, and has `place` keep only the stars with light: the counts and sums
/// it returns and the luminous stars' row pairs, fractions and indices are all that is kept.
struct LuminousStarRecord: StarPlacementRecord {
  static var compacts: Bool { true }
  @inline(__always) func record(_ star: Int, currentMass: Float, phase: @autoclosure () -> Int, isAlive: Bool) {}
}

extension StellarPopulation {
  /// Places the stars of initial masses `masses` on `isochrone`: per star the row pair (i, i+1)
  /// and fraction t of `Isochrone.bracket(initialMass:)` (found through `index`, built from this
  /// isochrone), written to `rows` and `fractions`; stars without light (remnants, stars below
  /// the lowest tabulated mass) get the last row, `dark`, with t = 0, which each band's
  /// `magnitudeTable` maps to +∞. Present mass, phase and life go to `record`. A compacting
  /// `Record` (`LuminousStarRecord`) instead skips the stars without light: the k-th star with
  /// a row pair gets slot k of `rows` and `fractions` and its index in `luminousStars[k]`.
  /// Returns the number of living stars, Σ present masses of the living stars, in star order
  /// (Double, from +0: the same additions as a pass over the finished arrays, overlapped here
  /// with the placement work), and the number of slots written (`masses.count` unless
  /// compacting). `rows`, `fractions` (and `luminousStars` when compacting) need room for
  /// `masses.count` values.
  @inline(__always)
  static func place<Record: StarPlacementRecord>(
    _ masses: UnsafeBufferPointer<Double>, on isochrone: Isochrone, index: IsochroneMassIndex,
    rows: UnsafeMutableBufferPointer<Int32>, fractions: UnsafeMutableBufferPointer<Double>,
    luminousStars: UnsafeMutableBufferPointer<Int32> = UnsafeMutableBufferPointer(start: nil, count: 0),
    record: Record
  ) -> (aliveCount: Int, massAlive: Double, slots: Int) {
    let count = masses.count
    precondition(rows.count >= count && fractions.count >= count, "room for \(count) stars")
    precondition(!Record.compacts || luminousStars.count >= count, "room for \(count) star indices")
    precondition(count <= Int(Int32.max), "\(count) stars exceed the Int32 star index")
    let top = isochrone.maximumLivingInitialMass
    let bottom = isochrone.minimumTabulatedInitialMass
    let dark = Int32(truncatingIfNeeded: isochrone.count - 1)
    var aliveCount = 0
    var massAlive = 0.0
    var next = 0
    // Every per-star array through its buffer: no uniqueness or bounds check per star; every
    // star's entries are written once, by whichever branch it takes.
    isochrone.initialMass.withUnsafeBufferPointer { initialMass in
      isochrone.currentMass.withUnsafeBufferPointer { rowMass in
        isochrone.phase.withUnsafeBufferPointer { rowPhase in
          index.keys.withUnsafeBufferPointer { keys in
            index.lastRow.withUnsafeBufferPointer { lastRow in
              index.direct.withUnsafeBufferPointer { direct in
                for star in 0..<count {
                  let m = masses[star]
                  if m >= top {
                    record.record(star, currentMass: Float(RemnantMass.forInitialMass(m)), phase: -1, isAlive: false)
                    if !Record.compacts {
                      rows[star] = dark
                      fractions[star] = 0
                    }
                    continue
                  }
                  aliveCount &+= 1
                  guard m >= bottom else {
                    let mass = Float(m)
                    record.record(star, currentMass: mass, phase: rowPhase[0], isAlive: true)
                    massAlive += Double(mass)
                    if !Record.compacts {
                      rows[star] = dark
                      fractions[star] = 0
                    }
                    continue
                  }
                  // Exactly `Isochrone.bracket(initialMass:)`, through the guide table.
                  let i = index.row(bracketing: m, keys: keys, lastRow: lastRow, direct: direct)
                  let m0 = initialMass[i]
                  let t = (m - m0) / (initialMass[i + 1] - m0)
                  let slot = Record.compacts ? next : star
                  rows[slot] = Int32(truncatingIfNeeded: i)
                  fractions[slot] = t
                  if Record.compacts {
                    luminousStars[slot] = Int32(truncatingIfNeeded: star)
                    next &+= 1
                  }
                  let c0 = Double(rowMass[i])
                  let mass = Float(c0 + t * (Double(rowMass[i + 1]) - c0))
                  record.record(
                    star, currentMass: mass, phase: t < 0.5 ? rowPhase[i] : rowPhase[i + 1], isAlive: true)
                  massAlive += Double(mass)
                }
              }
            }
          }
        }
      }
    }
    return (aliveCount, massAlive, Record.compacts ? next : count)
  }

  /// Band `band`'s interpolation table over `isochrone`'s rows: row pair i as (aᵢ, dᵢ) = (Mᵢ,
  /// Mᵢ₊₁ − Mᵢ) in Double, so a star's absolute magnitude is aᵢ + t · dᵢ — the same operations,
  /// in the same order, as interpolating the two rows per star. The last row (`dark`, see
  /// `place`) is (+∞, 0): a star without light gets +∞ + 0 · 0 = +∞, with no branch.
  static func magnitudeTable(of isochrone: Isochrone, band: Int) -> [SIMD2<Double>] {
    [SIMD2<Double>](unsafeUninitializedCapacity: isochrone.count) { table, initialized in
      isochrone.magnitudes[band].withUnsafeBufferPointer { row in
        for i in 0..<(row.count - 1) {
          let a = Double(row[i])
          table[i] = SIMD2(a, Double(row[i + 1]) - a)
        }
      }
      table[isochrone.count - 1] = SIMD2(.infinity, 0)
      initialized = isochrone.count
    }
  }

  /// One band's observed magnitudes of the placed stars: `column[star]` = Float(a + t · d +
  /// `offset` + extra · `ratio`), (a, d) the band's `table` entry of the star's row, t its
  /// fraction, extra its differential A_V (nil: none). `offset` is the distance modulus plus the
  /// foreground A_V · `ratio` (A_band/A_V). `column` needs room for `rows.count` values.
  @inline(__always)
  static func observedMagnitudes(
    table: UnsafeBufferPointer<SIMD2<Double>>, rows: UnsafeBufferPointer<Int32>,
    fractions: UnsafeBufferPointer<Double>, extraExtinction: UnsafeBufferPointer<Double>?, offset: Double,
    ratio: Double, into column: UnsafeMutableBufferPointer<Float>
  ) {
    let count = rows.count
    precondition(fractions.count >= count && column.count >= count, "room for \(count) stars")
    /// The star's absolute magnitude, linear in initial mass between its rows (+∞: no light).
    @inline(__always) func absolute(_ star: Int) -> Double {
      let pair = table[Int(rows[star])]
      return pair.x + fractions[star] * pair.y
    }
    if let extraExtinction {
      precondition(extraExtinction.count >= count, "room for \(count) stars")
      for star in 0..<count { column[star] = Float(absolute(star) + offset + extraExtinction[star] * ratio) }
    } else {
      // Without differential extinction the extra term is 0 · ratio = +0 (ratio is finite), and
      // x + (+0) = x for every x but −0, which a magnitude sum never is here: the term is left
      // out.
      for star in 0..<count { column[star] = Float(absolute(star) + offset) }
    }
  }
}
