import Foundation

/// The Fraunhofer point-spread function of a sampled pupil, by the matrix Fourier transform.
///
/// The far field of the pupil field P(u) = t(u)·exp(2πi·OPD(u)/λ) at angle θ is
/// E(θ) = (1/λ) ∫ P(u) exp(−2πi u·θ/λ) d²u, and the PSF is I(θ) = |E(θ)|² / ∫|P|² d²u, which
/// integrates to 1 over the sky (Parseval). The transform is separable, so it is done as two
/// dense matrix products, E = A_y · P · A_xᵀ with A[q][k] = exp(−2πi u_k θ_q / λ): the output
/// grid's spacing and extent are arbitrary and exact, independent of the pupil sampling, with no
/// zero padding (Soummer et al. 2007, Opt. Express 15, 15935). The pupil sampling only sets the
/// alias-free field, |θ| < λ/(2·du), which the caller keeps well outside the image.
public enum DiffractionTransform {
  /// Radians per arcsecond.
  public static let radiansPerArcsec = Double.pi / (180 * 3600)

  /// The monochromatic PSF on a `size`² grid of `spacingArcsec`, centred on the optical axis.
  /// Values are the fraction of the total energy per sample (I · dΩ), so the image sums to the
  /// energy that falls inside it.
  public static func intensity(
    pupil: PupilGrid, wavelengthNanometres: Double, size: Int, spacingArcsec: Double
  ) -> DiffractionImage {
    let n = pupil.samplesAcross
    let m = size
    let lambda = wavelengthNanometres * 1e-9
    let dTheta = spacingArcsec * radiansPerArcsec
    let centre = Double(m - 1) / 2
    // Phase matrix: cosA[k*m+q], sinA[k*m+q] for angle 2π u_k θ_q / λ (same for x and y).
    var cosA = [Double](repeating: 0, count: n * m)
    var sinA = [Double](repeating: 0, count: n * m)
    for k in 0..<n {
      let u = pupil.coordinateMetres(k)
      for q in 0..<m {
        let phase = 2 * Double.pi * u * (Double(q) - centre) * dTheta / lambda
        cosA[k * m + q] = cos(phase)
        sinA[k * m + q] = sin(phase)
      }
    }
    // Pupil field.
    var fieldRe = pupil.transmission
    var fieldIm: [Double]? = nil
    if let opd = pupil.opdNanometres {
      var im = [Double](repeating: 0, count: n * n)
      for index in 0..<(n * n) where fieldRe[index] != 0 {
        let phase = 2 * Double.pi * opd[index] / wavelengthNanometres
        let t = fieldRe[index]
        fieldRe[index] = t * cos(phase)
        im[index] = t * sin(phase)
      }
      fieldIm = im
    }
    // Step 1, along x: T[j][q] = Σ_k P[j][k] · exp(−i φ_kq).
    var tRe = [Double](repeating: 0, count: n * m)
    var tIm = [Double](repeating: 0, count: n * m)
    var activeRows: [Int] = []
    cosA.withUnsafeBufferPointer { cosBuffer in
      sinA.withUnsafeBufferPointer { sinBuffer in
        tRe.withUnsafeMutableBufferPointer { tr in
          tIm.withUnsafeMutableBufferPointer { ti in
            for j in 0..<n {
              var rowActive = false
              for k in 0..<n {
                let pr = fieldRe[j * n + k]
                let pi = fieldIm?[j * n + k] ?? 0
                if pr == 0 && pi == 0 { continue }
                rowActive = true
                let base = k * m
                let row = j * m
                if pi == 0 {
                  for q in 0..<m {
                    tr[row + q] += pr * cosBuffer[base + q]
                    ti[row + q] -= pr * sinBuffer[base + q]
                  }
                } else {
                  for q in 0..<m {
                    let c = cosBuffer[base + q]
                    let s = sinBuffer[base + q]
                    tr[row + q] += pr * c + pi * s
                    ti[row + q] += pi * c - pr * s
                  }
                }
              }
              if rowActive { activeRows.append(j) }
            }
          }
        }
      }
    }
    // Step 2, along y: E[p][q] = Σ_j exp(−i φ_jp) · T[j][q]; accumulate |E|².
    let power = pupil.transmittedPowerSquareMetres
    let du2 = pupil.spacingMetres * pupil.spacingMetres
    // I(θ) dΩ = |E|² dΩ / power with E = (du²/λ) Σ …
    let scale = (du2 / lambda) * (du2 / lambda) * dTheta * dTheta / power
    var out = [Double](repeating: 0, count: m * m)
    var eRe = [Double](repeating: 0, count: m)
    var eIm = [Double](repeating: 0, count: m)
    cosA.withUnsafeBufferPointer { cosBuffer in
      sinA.withUnsafeBufferPointer { sinBuffer in
        tRe.withUnsafeBufferPointer { tr in
          tIm.withUnsafeBufferPointer { ti in
            eRe.withUnsafeMutableBufferPointer { er in
              eIm.withUnsafeMutableBufferPointer { ei in
                for p in 0..<m {
                  for q in 0..<m {
                    er[q] = 0
                    ei[q] = 0
                  }
                  for j in activeRows {
                    let c = cosBuffer[j * m + p]
                    let s = sinBuffer[j * m + p]
                    let row = j * m
                    for q in 0..<m {
                      let a = tr[row + q]
                      let b = ti[row + q]
                      er[q] += c * a + s * b
                      ei[q] += c * b - s * a
                    }
                  }
                  for q in 0..<m {
                    out[p * m + q] = (er[q] * er[q] + ei[q] * ei[q]) * scale
                  }
                }
              }
            }
          }
        }
      }
    }
    return DiffractionImage(size: m, spacingArcsec: spacingArcsec, values: out)
  }

  /// The photon-weighted sum of monochromatic PSFs over `spectrum`'s nodes (weights normalised to
  /// 1), each with `halo`'s scatter, computed on up to `workers` threads.
  public static func polychromaticIntensity(
    pupil: PupilGrid, spectrum: DiffractionSpectrum, size: Int, spacingArcsec: Double, halo: DiffractionHalo = .none,
    workers: Int = 1
  ) -> DiffractionImage {
    let nodes = spectrum.nodes
    let totalWeight = nodes.reduce(0) { $0 + $1.weight }
    let workerCount = max(1, min(workers, nodes.count))
    let partials = PartialSums(count: workerCount)
    DispatchQueue.concurrentPerform(iterations: workerCount) { worker in
      var sum = [Double](repeating: 0, count: size * size)
      for index in stride(from: worker, to: nodes.count, by: workerCount) {
        let node = nodes[index]
        let image = halo.applied(
          to: intensity(
            pupil: pupil, wavelengthNanometres: node.wavelengthNanometres, size: size, spacingArcsec: spacingArcsec),
          wavelengthNanometres: node.wavelengthNanometres,
          diameterMetres: Double(pupil.samplesAcross) * pupil.spacingMetres)
        let w = node.weight / totalWeight
        for k in 0..<sum.count { sum[k] += w * image.values[k] }
      }
      partials.store(sum, at: worker)
    }
    var total = [Double](repeating: 0, count: size * size)
    for partial in partials.all() {
      for k in 0..<total.count { total[k] += partial[k] }
    }
    return DiffractionImage(size: size, spacingArcsec: spacingArcsec, values: total)
  }
}

/// Per-worker result slots filled from `concurrentPerform` (each slot written by one worker).
private final class PartialSums: @unchecked Sendable {
  private var slots: [[Double]]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: [], count: count) }

  func store(_ values: [Double], at index: Int) {
    lock.lock()
    slots[index] = values
    lock.unlock()
  }

  func all() -> [[Double]] {
    lock.lock()
    defer { lock.unlock() }
    return slots
  }
}
