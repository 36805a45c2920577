import Foundation
import Numerics
import Optics
import Pipeline
import Rendering
import StarmillTestSupport
import Testing

/// The renderer's core + wing split against the exact full-stamp render (same tables, ε = 0).
///
/// σ = 56 e⁻ is the PHAT F475W sky noise per pixel (`RenderBenchmark.skySigma`); the split limit
/// ε is quoted in units of it. The full-stamp render is exact to the phase-blend error, which
/// both renders share, so the differences below isolate what the split adds.
@Suite("Deposit field + stamps: exact stamps, bounded interpolation error, bulk faint stars, no crowding bias")
struct RenderSplitTests {
  static let moffat = try! MoffatPSF(beta: 2.5, fwhmPixels: 2.0)
  static let table = try! RenderPSFTable(psf: moffat)
  static let sigma = RenderBenchmark.skySigma

  func maxAbsDifference(_ a: ImageCube, _ b: ImageCube) -> Double {
    zip(a.pixels, b.pixels).reduce(0.0) { max($0, abs(Double($1.0) - Double($1.1))) }
  }

  @Test func wingErrorBoundsShrinkWithTheClassAndVanishForTheFullStamp() {
    let errors = Self.table.maximumWingError
    #expect(Self.table.classRadii.first == 3 && Self.table.fullRadius == 16)
    #expect(errors.last == 0)
    for (larger, smaller) in zip(errors.dropFirst(), errors) { #expect(larger <= smaller) }
    // The cubic deposit's interpolation error beyond the core radius 3: ≈10⁻⁴ per unit flux
    // (9.5·10⁻⁵ measured; the earlier tapered-wing variant had 7.9·10⁻⁵, an independent numpy
    // prototype of that variant 5.5·10⁻⁵).
    #expect(errors[0] > 1e-5 && errors[0] < 1.5e-4, "core-class wing error \(errors[0])")
    // The light a split star misplaces over its far wing is ≈ 10⁻³ of its flux.
    #expect(Self.table.maximumWingMisplacedLight[0] < 1.5e-3)
    // Bulk (deposit only): the cubic interpolation of the PSF's core, ≈0.8 % of the flux per
    // pixel at FWHM 2 px: between the core class's wing error and the PSF's peak pixel (≈0.2).
    #expect(Self.table.maximumBulkError > 10 * errors[0] && Self.table.maximumBulkError < 0.02)
    // The kernel carries the whole PSF: its light is the PSF's light within the support.
    let kernelLight = Self.table.depositKernel.reduce(0, +)
    let psfLight = (-16...16).reduce(0.0) { sum, j in
      (-16...16).reduce(sum) { $0 + Self.moffat.pixelFraction(dx: Double($1), dy: Double(j)) }
    }
    // (up to the deconvolved kernel's tail beyond R + 3, ≈10⁻⁷).
    #expect(abs(kernelLight - psfLight) < 1e-6, "kernel light \(kernelLight) vs PSF \(psfLight)")
  }

  @Test func oneSplitStarIsExactInItsStampAndWithinTheLimitOutside() throws {
    let epsilon = 1.0
    let split = try Renderer(width: 48, height: 48, tables: [Self.table], wingErrorLimitCounts: epsilon)
    let full = try Renderer(width: 48, height: 48, tables: [Self.table])
    let errors = Self.table.maximumWingError
    for flux in [300.0, 3000.0, 30000.0, 300_000.0] {
      for (x, y) in [(23.3, 24.1), (24.0, 23.0), (22.51, 25.49), (23.97, 24.03)] {
        let stars = try RenderStarList(x: [x], y: [y], flux: [[flux]])
        let a = try split.render(stars)
        let b = try full.render(stars)
        let cls = errors.firstIndex { flux * $0 <= epsilon }!
        let r = Self.table.classRadii[cls]
        let (nx, ny) = (Int((x + 0.5).rounded(.down)), Int((y + 0.5).rounded(.down)))
        var worstInside = 0.0
        var worstOutside = 0.0
        for py in 0..<48 {
          for px in 0..<48 {
            let delta = abs(Double(a[0, px, py]) - Double(b[0, px, py]))
            if abs(px - nx) <= r && abs(py - ny) <= r {
              worstInside = max(worstInside, delta)
            } else {
              worstOutside = max(worstOutside, delta)
            }
          }
        }
        // Inside: the deposit is blended between phase nodes exactly like the stamp, so only
        // Float32 rounding of stamp and wing remains (~10⁻⁷ of the peak, 0.17 F).
        #expect(worstInside <= 1e-6 * flux, "F=\(flux) (\(x), \(y)) class r=\(r): inside |ΔI| = \(worstInside)")
        // Outside: the bound ε plus the same blend term.
        #expect(worstOutside <= epsilon + 1e-6 * flux, "F=\(flux) (\(x), \(y)): outside |ΔI| = \(worstOutside)")
        let misplaced = Self.table.maximumWingMisplacedLight[cls]
        #expect(abs(a.total(band: 0) / b.total(band: 0) - 1) <= misplaced + 1e-6, "F=\(flux): total light")
      }
    }
  }

  @Test func oneBulkStarIsWithinTheLimitEverywhereAndKeepsItsLight() throws {
    let epsilon = 1.0
    let split = try Renderer(width: 48, height: 48, tables: [Self.table], wingErrorLimitCounts: epsilon)
    let full = try Renderer(width: 48, height: 48, tables: [Self.table])
    let bulkLimit = epsilon / Self.table.maximumBulkError
    for flux in [0.1 * bulkLimit, bulkLimit] {
      for (x, y) in [(23.3, 24.1), (24.0, 23.0), (22.51, 25.49), (23.97, 24.03)] {
        let stars = try RenderStarList(x: [x], y: [y], flux: [[flux]])
        let a = try split.render(stars)
        let b = try full.render(stars)
        // No stamp: the whole star is the interpolated kernel, within ε of the exact render
        // (plus Float32 rounding), and misplacing ≤ `maximumBulkMisplacedLight` of its light.
        let worst = maxAbsDifference(a, b)
        #expect(worst <= epsilon * flux / bulkLimit + 1e-6 * flux, "F=\(flux) (\(x), \(y)): |ΔI| = \(worst)")
        #expect(worst > 1e-3 * epsilon * flux / bulkLimit, "F=\(flux): the bulk path was taken")
        let misplaced = zip(a.pixels, b.pixels).reduce(0.0) { $0 + abs(Double($1.0) - Double($1.1)) } / flux
        #expect(misplaced <= Self.table.maximumBulkMisplacedLight + 1e-6, "F=\(flux): misplaced \(misplaced)")
        // Total light: the kernel sums to the PSF's light at every phase.
        #expect(abs(a.total(band: 0) / b.total(band: 0) - 1) < 1e-5, "F=\(flux): total light")
      }
    }
  }

  @Test func eachBandUsesItsOwnLimit() throws {
    // Two bands with their own tables: ε = 0 keeps band 0 exact, ε = 1 splits band 1.
    let other = try RenderPSFTable(psf: try MoffatPSF(beta: 2.5, fwhmPixels: 2.2))
    let tables = [Self.table, other]
    let split = try Renderer(width: 40, height: 40, tables: tables, wingErrorLimitCountsPerBand: [0, 1])
    let full = try Renderer(width: 40, height: 40, tables: tables)
    let stars = try RenderStarList(
      x: [12.3, 25.7, 20.1], y: [14.2, 22.9, 30.4], flux: [[20, 400, 5000], [20, 400, 5000]])
    let (a, b) = (try split.render(stars), try full.render(stars))
    #expect(zip(a.band(0), b.band(0)).allSatisfy { $0 == $1 }, "band 0 (ε = 0) is the exact render")
    let worst = zip(a.band(1), b.band(1)).reduce(0.0) { max($0, abs(Double($1.0) - Double($1.1))) }
    #expect(worst > 1e-4 && worst <= 1 + 1e-6 * 5000, "band 1 (ε = 1): max|ΔI| = \(worst)")
    #expect(throws: RenderError.self) {
      try Renderer(width: 40, height: 40, tables: tables, wingErrorLimitCountsPerBand: [1])
    }
    #expect(throws: RenderError.self) {
      try Renderer(width: 40, height: 40, tables: tables, wingErrorLimitCountsPerBand: [1, -1])
    }
  }

  @Test func bulkStarsInACrowdedCoreAreUnbiased() throws {
    // 20,000 faint stars (every one drawn in bulk at ε = 0.01σ) in a Plummer core of 3 px: their
    // interpolation errors have both signs and average out over phases, so the summed light in
    // the core and the whole image agree with the exact render. In one pixel the errors of the
    // n stars that overlap it add like a random walk, ≈ √n·ε, but so does the photon noise of
    // their own light: with |A − f| ≤ e·f (e ≈ 4 % at the core) and F·|A − f| ≤ ε per star,
    // (Σ ΔI)² ≲ Σ F²|A − f|² ≤ ε·e·Σ F f, i.e. the error stays below √(ε·e) ≈ 0.15 of the
    // pixel's shot noise √(I + σ²).
    let epsilon = 0.01 * Self.sigma
    let bulkLimit = epsilon / Self.table.maximumBulkError
    let random = RandomGenerator(seed: 77, stream: 0)
    var xs: [Double] = []
    var ys: [Double] = []
    var fluxes: [Double] = []
    for _ in 0..<20000 {
      let u = random.uniformPositive()
      let radius = 3 * (u / (1 - u)).squareRoot()
      let angle = 2 * Double.pi * random.uniform()
      xs.append(31.5 + radius * cos(angle))
      ys.append(31.5 + radius * sin(angle))
      fluxes.append(bulkLimit * random.uniform(0.05, 1))
    }
    let stars = try RenderStarList(x: xs, y: ys, flux: [fluxes])
    let exact = try Renderer(width: 64, height: 64, tables: [Self.table]).render(stars)
    let split = try Renderer(width: 64, height: 64, tables: [Self.table], wingErrorLimitCounts: epsilon).render(stars)
    let measured = RenderBenchmark.difference(split.pixels, exact.pixels)
    #expect(measured.relative < 2e-3, "Σ|ΔI|/ΣI = \(measured.relative)")
    var worstRelativeToNoise = 0.0
    for (a, b) in zip(split.pixels, exact.pixels) {
      worstRelativeToNoise = max(
        worstRelativeToNoise, abs(Double(a) - Double(b)) / (Double(b) + Self.sigma * Self.sigma).squareRoot())
    }
    #expect(worstRelativeToNoise < 0.15, "max|ΔI| / √(I + σ²) = \(worstRelativeToNoise)")
    var coreSplit = 0.0
    var coreExact = 0.0
    for y in 27...36 {
      for x in 27...36 {
        coreSplit += Double(split[0, x, y])
        coreExact += Double(exact[0, x, y])
      }
    }
    #expect(abs(coreSplit / coreExact - 1) < 2e-4, "core light ratio \(coreSplit / coreExact)")
    #expect(abs(split.total(band: 0) / exact.total(band: 0) - 1) < 1e-5)
  }

  @Test func splitLightIsExactOnAverageOverPhases() throws {
    // One split star's total light is off by ≤ `maximumWingMisplacedLight` (≈10⁻³ F, below the
    // star's own photon noise √F for F < 7·10⁵ e⁻), with a sign set by its phase; averaged over
    // a uniform 12 × 12 grid of phases the kernel's construction makes it exact (to the O(P⁻²)
    // difference between node and interval averages, ≲ 10⁻⁵).
    let split = try Renderer(width: 48, height: 48, tables: [Self.table], wingErrorLimitCounts: 1)
    let full = try Renderer(width: 48, height: 48, tables: [Self.table])
    var ratioSum = 0.0
    var worst = 0.0
    let steps = 12
    for b in 0..<steps {
      for a in 0..<steps {
        let (x, y) = (23.5 + (Double(a) + 0.5) / Double(steps), 24.5 + (Double(b) + 0.5) / Double(steps))
        let stars = try RenderStarList(x: [x], y: [y], flux: [[300]])
        let ratio = try split.render(stars).total(band: 0) / full.render(stars).total(band: 0)
        ratioSum += ratio
        worst = max(worst, abs(ratio - 1))
      }
    }
    let mean = ratioSum / Double(steps * steps)
    #expect(abs(mean - 1) < 2e-5, "phase-averaged light ratio \(mean)")
    #expect(worst > 1e-4, "the per-phase error is real (\(worst)), so the average is a test")
    #expect(worst <= Self.table.maximumWingMisplacedLight[0] + 1e-6)
  }

  @Test func splitWingLightOffTheEdgeIsLostNotWrapped() throws {
    let split = try Renderer(width: 32, height: 32, tables: [Self.table], wingErrorLimitCounts: 5)
    let full = try Renderer(width: 32, height: 32, tables: [Self.table])
    // Stars beyond the left edge and beyond the bottom-right corner, bright enough to be split.
    let stars = try RenderStarList(x: [-2.5, 34.2, -14.0], y: [16.3, 33.6, 10.0], flux: [[20000, 20000, 20000]])
    let a = try split.render(stars)
    let b = try full.render(stars)
    let misplaced = Self.table.maximumWingMisplacedLight[0]
    #expect(
      abs(a.total(band: 0) - b.total(band: 0)) <= misplaced * 60000, "kept \(a.total(band: 0)) vs \(b.total(band: 0))")
    // The far side gets nothing but the deposit field's Float32 FFT rounding (≲ 10⁻⁹ of the
    // 6·10⁴ e⁻ deposited, 1.1·10⁻⁵ e⁻ measured; light wrapped from within the kernel's reach would
    // be its wing, ≳ 10⁻² e⁻ at 19 px for 2·10⁴ e⁻): rows beyond the corner star's reach (kernel
    // half-width 19 + 2 cells) of the right column.
    for y in 0..<12 {
      #expect(abs(a[0, 31, y]) < 1e-4, "light wrapped to the right edge at row \(y): \(a[0, 31, y])")
    }
    #expect(maxAbsDifference(a, b) <= 5 + 2e-5 * 20000)
    // A star beyond the PSF's reach contributes nothing.
    let far = try RenderStarList(x: [-20], y: [10], flux: [[1e6]])
    #expect(try split.render(far).pixels.allSatisfy { abs($0) < 1e-6 })
  }

  /// The wing field stores deposit cells only within a guard band g around the image (32 px
  /// image, kernel half-width 19: a 64² transform, g = 64 − 32 − 19 = 13). A split-class star
  /// whose cells leave the band while its wing still reaches the image is drawn with its full
  /// stamp: the same pixels as the exact render; one inside the band stays within ε.
  @Test func starsBeyondTheWingGuardBandAreDrawnExactly() throws {
    let epsilon = 5.0
    let split = try Renderer(width: 32, height: 32, tables: [Self.table], wingErrorLimitCounts: epsilon)
    let full = try Renderer(width: 32, height: 32, tables: [Self.table])
    for (x, y, exact) in [(-14.2, 12.7, true), (40.1, 45.3, true), (12.3, -15.4, true), (-9.6, 20.2, false)] {
      let stars = try RenderStarList(x: [x], y: [y], flux: [[20000]])
      let difference = maxAbsDifference(try split.render(stars), try full.render(stars))
      if exact {
        #expect(difference <= 1e-9 * 20000, "(\(x), \(y)): \(difference)")
      } else {
        #expect(difference > 1e-9 * 20000 && difference <= epsilon + 1e-6 * 20000, "(\(x), \(y)): \(difference)")
      }
    }
  }

  @Test func splitIsUnbiasedInTheStandardCrowdedCluster() throws {
    // The standard 5,000-star cluster (half-number radius 5 px): the old fold-back wing cut
    // biased its core by up to 18σ at τ = 0.02σ; the split's per-star errors are bounded and
    // of both signs, so they neither add up coherently nor move light into the cores.
    let cluster = try RenderBenchmark.standardCluster(seed: 2024)
    let tables = [Self.table, Self.table, Self.table]
    let exact = try Renderer(width: 80, height: 80, tables: tables).render(cluster)
    for (epsilonSigma, relativeLimit, maximumLimit) in [(0.01, 2e-4, 0.05), (0.03, 4e-4, 0.12)] {
      let split = try Renderer(width: 80, height: 80, tables: tables, wingErrorLimitCounts: epsilonSigma * Self.sigma)
      let image = try split.render(cluster)
      let measured = RenderBenchmark.difference(image.pixels, exact.pixels)
      #expect(measured.relative <= relativeLimit, "ε = \(epsilonSigma)σ: Σ|ΔI|/ΣI = \(measured.relative)")
      #expect(
        measured.maximum / Self.sigma <= maximumLimit,
        "ε = \(epsilonSigma)σ: max|ΔI| = \(measured.maximum / Self.sigma)σ")
      // No bias in the core: the summed light within 5 px of the centre agrees to 10⁻⁴.
      var coreSplit = 0.0
      var coreExact = 0.0
      for band in 0..<3 {
        for y in 35...44 {
          for x in 35...44 {
            coreSplit += Double(image[band, x, y])
            coreExact += Double(exact[band, x, y])
          }
        }
      }
      #expect(abs(coreSplit / coreExact - 1) < 1e-4, "ε = \(epsilonSigma)σ: core light ratio \(coreSplit / coreExact)")
    }
  }

  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func fixtureStarListSplitStaysWithinTheFixtureTolerance() throws {
    let stars = try readFixtureStarList()
    let reference = try readFixtureImage("moffat_beta2.5_fwhm2.0.fits")
    let psf = try MoffatPSF(beta: 2.5, fwhmPixels: 2.0, truncationRadiusPixels: 15, normalization: .untruncatedProfile)
    let table = try RenderPSFTable(psf: psf)
    let exact = try Renderer(width: 64, height: 64, tables: [table]).render(stars)
    for epsilonSigma in [0.01, 0.03] {
      let split = try Renderer(width: 64, height: 64, tables: [table], wingErrorLimitCounts: epsilonSigma * Self.sigma)
      let image = try split.render(stars)
      #expect(relativeAbsoluteResidual(image.pixels, reference) <= 5e-3)
      // Against the full stamps: the fixture's faint stars are drawn in bulk, so Σ|ΔI|/ΣI is
      // set by their interpolation error (measured 1.9·10⁻³ at 0.01σ, 4.9·10⁻³ at 0.03σ);
      // overlapping bulk stars add up to ~√n·ε in a pixel (see bulkStarsInACrowdedCore…).
      let measured = RenderBenchmark.difference(image.pixels, exact.pixels)
      #expect(
        measured.relative <= epsilonSigma * 0.25, "ε = \(epsilonSigma)σ: Σ|ΔI|/ΣI = \(measured.relative) vs full stamps"
      )
      #expect(
        measured.maximum <= 2 * epsilonSigma * Self.sigma, "ε = \(epsilonSigma)σ: max|ΔI| = \(measured.maximum) e⁻")
    }
  }
}
