import Foundation
import Optics
import Testing

/// Bessel J_n by its integral representation J_n(x) = (1/π) ∫_0^π cos(nτ − x sin τ) dτ; the
/// trapezoid rule on this periodic integrand converges spectrally (≪ 1e-12 at 400 points, x < 40).
private func besselJ(_ n: Int, _ x: Double) -> Double {
  let steps = 400
  var sum = 0.0
  for k in 0...steps {
    let tau = Double.pi * Double(k) / Double(steps)
    let weight = (k == 0 || k == steps) ? 0.5 : 1.0
    sum += weight * cos(Double(n) * tau - x * sin(tau))
  }
  return sum / Double(steps)
}

/// Encircled energy of an annular aperture with obscuration ratio ε at x = π D θ / λ
/// (Mahajan 1986, JOSA A 3, 470): [1 − J0² − J1² + ε²(1 − J0²(εx) − J1²(εx)) − 4ε∫₀ˣ J1(t)J1(εt)/t dt]/(1 − ε²).
private func annularEncircledEnergy(x: Double, epsilon e: Double) -> Double {
  let j0 = besselJ(0, x)
  let j1 = besselJ(1, x)
  var value = 1 - j0 * j0 - j1 * j1
  if e > 0 {
    let a = besselJ(0, e * x)
    let b = besselJ(1, e * x)
    // Simpson on [0, x]; the integrand tends to ε t / 4 · … → 0 at t = 0.
    let steps = 400
    let h = x / Double(steps)
    var integral = 0.0
    for k in 0...steps {
      let t = Double(k) * h
      let f = t == 0 ? 0 : besselJ(1, t) * besselJ(1, e * t) / t
      let w: Double = (k == 0 || k == steps) ? 1 : (k % 2 == 1 ? 4 : 2)
      integral += w * f
    }
    integral *= h / 3
    value += e * e * (1 - a * a - b * b) - 4 * e * integral
  }
  return value / (1 - e * e)
}

@Suite("Diffraction by the matrix Fourier transform vs analytic apertures")
struct DiffractionAnalyticTests {
  let radius = 1.2
  let wavelength = 500.0  // nm
  var lambdaOverDArcsec: Double { wavelength * 1e-9 / (2 * radius) / DiffractionTransform.radiansPerArcsec }

  func image(_ pupil: Pupil, samplesPerLambdaOverD: Double, size: Int) -> DiffractionImage {
    let grid = pupil.sampled(samplesAcross: 128, subsamples: 6)
    return DiffractionTransform.intensity(
      pupil: grid, wavelengthNanometres: wavelength, size: size,
      spacingArcsec: lambdaOverDArcsec / samplesPerLambdaOverD)
  }

  @Test("Airy pattern: peak A/λ², profile [2J1(x)/x]², first zero at 1.22 λ/D")
  func airyProfile() {
    let grid = Pupil.circular(radiusMetres: radius).sampled(samplesAcross: 128, subsamples: 6)
    let psf = image(.circular(radiusMetres: radius), samplesPerLambdaOverD: 8, size: 41)
    let c = 20
    let dOmega = pow(psf.spacingArcsec * DiffractionTransform.radiansPerArcsec, 2)
    let lambda = wavelength * 1e-9
    // On axis every sample adds in phase: I(0) dΩ = (Σ t dA)² / (λ² Σ t² dA) dΩ exactly.
    let exactPeak = pow(grid.clearAreaSquareMetres, 2) / (lambda * lambda * grid.transmittedPowerSquareMetres) * dOmega
    #expect(abs(psf[c, c] / exactPeak - 1) < 1e-9)
    // …and the anti-aliased disc has the true area, so the peak is A/λ² up to the grey rim's t ≠ t²
    // (about 0.5 % at 128 samples across).
    #expect(abs(grid.clearAreaSquareMetres / (Double.pi * radius * radius) - 1) < 1e-3)
    #expect(abs(psf[c, c] / (Double.pi * radius * radius / (lambda * lambda) * dOmega) - 1) < 0.01)
    for i in 1...20 {
      let x = Double.pi * Double(i) / 8  // π D θ / λ at θ = i/8 λ/D
      let airy = pow(2 * besselJ(1, x) / x, 2)
      // Pupil pixelisation perturbs the pattern at the 1e-3 level of the peak.
      #expect(abs(psf[c + i, c] / psf[c, c] - airy) < 2e-3, "sample \(i)")
    }
    // First dark ring: the minimum along the axis lies at 1.22 λ/D (sample 9.76 → 10).
    let axis = (5...14).map { psf[c + $0, c] }
    let minimumIndex = axis.indices.min { axis[$0] < axis[$1] }! + 5
    #expect(minimumIndex == 10)
    #expect(psf[c + 10, c] / psf[c, c] < 2e-3)
  }

  @Test("Airy encircled energy is 1 − J0² − J1² (flux normalisation by Parseval)")
  func airyEncircledEnergy() {
    let psf = image(.circular(radiusMetres: radius), samplesPerLambdaOverD: 10, size: 61)
    for radiusLambdaOverD in [0.5, 1.22, 2.23, 2.9] {
      let measured = psf.encircledEnergy(radiusArcsec: radiusLambdaOverD * lambdaOverDArcsec)
      let expected = annularEncircledEnergy(x: Double.pi * radiusLambdaOverD, epsilon: 0)
      // Summing samples inside a circle of ~10–29 samples radius: edge pixelisation ≲ 1 %.
      #expect(abs(measured - expected) < 0.012, "r = \(radiusLambdaOverD) λ/D: \(measured) vs \(expected)")
    }
  }

  @Test("Annular pupil (ε = 0.33): peak, profile and encircled energy")
  func annularAperture() {
    let epsilon = 0.33
    let psf = image(.annular(radiusMetres: radius, obscurationRatio: epsilon), samplesPerLambdaOverD: 10, size: 61)
    let c = 30
    let dOmega = pow(psf.spacingArcsec * DiffractionTransform.radiansPerArcsec, 2)
    let lambda = wavelength * 1e-9
    let area = Double.pi * radius * radius * (1 - epsilon * epsilon)
    // A/λ² up to the grey rims' t ≠ t² (≲ 1 % at 128 samples across).
    #expect(abs(psf[c, c] / (area / (lambda * lambda) * dOmega) - 1) < 0.01)
    for i in stride(from: 2, through: 30, by: 4) {
      let x = Double.pi * Double(i) / 10
      let amplitude = (2 * besselJ(1, x) / x - epsilon * epsilon * 2 * besselJ(1, epsilon * x) / (epsilon * x))
      let expected = amplitude * amplitude / pow(1 - epsilon * epsilon, 2)
      #expect(abs(psf[c + i, c] / psf[c, c] - expected) < 3e-3, "sample \(i)")
    }
    for radiusLambdaOverD in [0.8, 1.5, 2.5] {
      let measured = psf.encircledEnergy(radiusArcsec: radiusLambdaOverD * lambdaOverDArcsec)
      let expected = annularEncircledEnergy(x: Double.pi * radiusLambdaOverD, epsilon: epsilon)
      #expect(abs(measured - expected) < 0.012, "r = \(radiusLambdaOverD) λ/D: \(measured) vs \(expected)")
    }
  }

  @Test("The output sampling is exact: two grids agree where their samples coincide")
  func samplingIndependence() {
    let grid = Pupil.hubbleWFC3IR.sampled(samplesAcross: 96, subsamples: 2)
    let coarse = DiffractionTransform.intensity(pupil: grid, wavelengthNanometres: 1200, size: 21, spacingArcsec: 0.04)
    let fine = DiffractionTransform.intensity(pupil: grid, wavelengthNanometres: 1200, size: 41, spacingArcsec: 0.02)
    for j in 0..<21 {
      for i in 0..<21 {
        // Same angle, intensity per sample scales with the sample's solid angle (×4).
        #expect(abs(coarse[i, j] - 4 * fine[2 * i, 2 * j]) <= 1e-12 + 1e-9 * coarse[i, j])
      }
    }
  }

  @Test("A wavefront error lowers the peak by the Maréchal factor exp(−(2πσ/λ)²)")
  func marechal() {
    let pupil = Pupil.circular(radiusMetres: radius)
    let focus = PupilAberration(rmsNanometres: [4: 20])
    let perfect = DiffractionTransform.intensity(
      pupil: pupil.sampled(samplesAcross: 128), wavelengthNanometres: wavelength, size: 1, spacingArcsec: 0.01)
    let aberrated = DiffractionTransform.intensity(
      pupil: pupil.sampled(samplesAcross: 128, aberration: focus), wavelengthNanometres: wavelength, size: 1,
      spacingArcsec: 0.01)
    let strehl = aberrated.values[0] / perfect.values[0]
    let phase = 2 * Double.pi * 20 / wavelength
    // Maréchal's approximation is good to O(φ⁴) ≈ 1 % of 1 − S here; the exact Strehl of pure focus is
    // |∫ exp(iφ)|² = sinc²-like, computed independently: S = (sin(a)/a)² with a = √3 · 2πσ/λ.
    let a = 3.0.squareRoot() * phase
    #expect(abs(strehl - pow(sin(a) / a, 2)) < 2e-3)
    #expect(abs(strehl - exp(-phase * phase)) < 0.01)
  }
}
