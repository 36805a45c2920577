import Foundation
import Optics
import Testing

@Suite("Detector response, band integration, scatter halo")
struct DiffractionDetectorTests {
  @Test("A pixel top-hat collects exactly the light in the pixel: box sums of a point are the overlap area")
  func boxOfPoint() {
    var values = [Double](repeating: 0, count: 41 * 41)
    values[20 * 41 + 20] = 1
    let point = DiffractionImage(size: 41, spacingArcsec: 0.01, values: values)
    let box = point.boxSummed(widthArcsec: 0.065)  // 6.5 samples wide
    // Outputs within ±2 samples see the point fully, at ±3 by the window's 3/4 overlap: total = 6.5².
    #expect(abs(box.total - 6.5 * 6.5) < 1e-12)
    #expect(box[20, 20] == 1)
    #expect(abs(box[23, 20] - 0.75) < 1e-12)
    #expect(box[24, 20] == 0)
  }

  @Test("Kernel shifts conserve flux and move light by one native pixel")
  func kernelTaps() {
    // A smooth Gaussian blob; a kernel with all weight on the +x tap shifts it by one pixel (2.5 samples).
    var image = DiffractionImage(size: 61, spacingArcsec: 0.02, values: [Double](repeating: 0, count: 61 * 61))
    for j in 0..<61 {
      for i in 0..<61 {
        let r2 = pow(Double(i - 30), 2) + pow(Double(j - 30), 2)
        image[i, j] = exp(-r2 / (2 * 9))
      }
    }
    var kernel = [Double](repeating: 0, count: 9)
    kernel[5] = 1  // row 1 (y = 0), column 2 (x = +1)
    let shifted = image.convolved(withTaps: kernel, kernelSize: 3, tapSpacingArcsec: 0.05)
    #expect(abs(shifted.total / image.total - 1) < 1e-6)
    var mx = 0.0
    for j in 0..<61 { for i in 0..<61 { mx += Double(i - 30) * shifted[i, j] } }
    #expect(abs(mx / shifted.total - 2.5) < 1e-3)
  }

  @Test("Charge-diffusion kernels: TinyTim's table at its nodes, unit sum, linear between")
  func kernels() {
    let acs = DetectorResponse.hubbleACSWFC
    let at400 = acs.kernel(atWavelengthNanometres: 400)
    #expect(abs(at400.reduce(0, +) - 1) < 1e-12)
    #expect(abs(at400[4] - 0.484621 / 0.9999998) < 1e-5)
    let at500 = acs.kernel(atWavelengthNanometres: 500)
    #expect(abs(at500[4] - (0.484621 + 0.605382) / 2) < 1e-4)
    let band = acs.bandKernel(spectrum: .monochromatic(wavelengthNanometres: 600))
    #expect(band.count == 25 && abs(band.reduce(0, +) - 1) < 1e-12)
    // The extra blur spreads the centre: centre tap < the plain kernel's.
    #expect(band[12] < acs.kernel(atWavelengthNanometres: 600)[4])
    #expect(DetectorResponse.sampledGaussian(sigmaPixels: 0) == [0, 0, 0, 0, 1, 0, 0, 0, 0])
  }

  @Test("Photon-counting weights: flat throughput and flat F_λ give weights ∝ λ")
  func spectrumWeights() {
    let wavelengths = stride(from: 400.0, through: 700.0, by: 1).map { $0 }
    var throughput = wavelengths.map { ($0 >= 500 && $0 <= 600) ? 1.0 : 0.0 }
    throughput[0] = 0
    let spectrum = DiffractionSpectrum.photonWeighted(
      wavelengthsNanometres: wavelengths, throughput: throughput, count: 10)
    #expect(spectrum.nodes.count == 10)
    #expect(abs(spectrum.nodes[0].wavelengthNanometres - 505) < 1e-9)
    for node in spectrum.nodes {
      // ∫ λ dλ over a 10 nm bin centred at λc = 10 λc.
      #expect(abs(node.weight - 10 * node.wavelengthNanometres) < 1e-6)
    }
    let cubes: Double = 600 * 600 * 600 - 500 * 500 * 500
    let squares: Double = 600 * 600 - 500 * 500
    let expectedMean = (cubes / 3) / (squares / 2)
    // Midpoint nodes: the mean differs from the continuous one by O(bin²/λ) ≈ 0.02 nm.
    #expect(abs(spectrum.meanWavelengthNanometres - expectedMean) < 0.05)
  }

  @Test("The scatter halo keeps the energy: core × S plus halo 1 − S")
  func haloEnergy() {
    let halo = DiffractionHalo(
      rmsNanometres: 30, powerLawIndex: 2.5, innerCyclesPerDiameter: 3, outerCyclesPerDiameter: 12)
    let lambda = 400.0
    let cycle = lambda * 1e-9 / 2.4 / DiffractionTransform.radiansPerArcsec
    // An image of a unit point at the centre, wide enough to hold the whole halo (12 λ/D).
    let spacing = cycle / 8
    let size = 2 * 8 * 13 + 1
    var values = [Double](repeating: 0, count: size * size)
    values[(size / 2) * size + size / 2] = 1
    let point = DiffractionImage(size: size, spacingArcsec: spacing, values: values)
    let result = halo.applied(to: point, wavelengthNanometres: lambda, diameterMetres: 2.4)
    let s = halo.strehl(wavelengthNanometres: lambda)
    #expect(abs(result[size / 2, size / 2] - s) < 1e-12)
    // Sampling the k^−2.5 halo on a grid of 1/8 λ/D: a sub-per-cent quadrature error.
    #expect(abs((result.total - s) / (1 - s) - 1) < 0.01)
    #expect(abs(s - exp(-pow(2 * Double.pi * 30 / lambda, 2))) < 1e-15)
  }

  @Test("Grid ePSF conserves flux at every sub-pixel phase, also when resampled to a coarser grid")
  func gridPhaseSums() {
    let model = DiffractionPSFModel(
      pupil: .hubbleWFC3UVIS, detector: .hubbleWFC3UVIS, jitterSigmaArcsec: 0.01, minimumPupilSamples: 64)
    let spectrum = DiffractionSpectrum.monochromatic(wavelengthNanometres: 800)
    let image = model.gridEffectivePSF(
      spectrum: spectrum, gridPixelScaleArcsec: 0.05, oversampling: 2, halfWidthPixels: 8)
    var sums: [Double] = []
    for phaseY in 0..<2 {
      for phaseX in 0..<2 {
        var sum = 0.0
        for j in stride(from: phaseY, to: image.size, by: 2) {
          for i in stride(from: phaseX, to: image.size, by: 2) { sum += image[i, j] }
        }
        sums.append(sum)
      }
    }
    // Light inside ±8 grid pixels (0.4″) at 800 nm: about 0.95; the phases agree to the cut-off edge's share.
    #expect(sums.allSatisfy { abs($0 - sums[0]) < 5e-3 })
    #expect(sums[0] > 0.9 && sums[0] < 1)
  }
}
