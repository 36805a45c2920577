import Foundation

/// A static wavefront error over the pupil, as Zernike terms in TinyTim's (Noll-normalised) order.
///
/// Each term is normalised to unit RMS over the unobstructed unit circle (Noll 1976, JOSA 66, 207),
/// so a coefficient is that term's RMS optical path difference. Indices and meanings follow
/// TinyTim's Zernike tables (Krist, Hook & Stoehr 2011): 4 focus, 5 0° astigmatism, 6 45°
/// astigmatism, 7 x coma, 8 y coma, 9 x clover, 10 y clover, 11 third-order spherical,
/// 22 fifth-order spherical. Other indices are rejected.
public struct PupilAberration: Sendable, Equatable {
  /// RMS optical path difference per Zernike index, nanometres.
  public var rmsNanometres: [Int: Double]

  /// The Zernike indices this type implements.
  public static let supportedIndices: Set<Int> = [4, 5, 6, 7, 8, 9, 10, 11, 22]

  public init(rmsNanometres: [Int: Double]) {
    precondition(
      Set(rmsNanometres.keys).isSubset(of: Self.supportedIndices),
      "Zernike indices must be among \(Self.supportedIndices.sorted())")
    self.rmsNanometres = rmsNanometres
  }

  /// No aberration.
  public static let none = PupilAberration(rmsNanometres: [:])

  /// From TinyTim-style coefficients in waves RMS at `referenceWavelengthNanometres`.
  public static func waves(_ coefficients: [Int: Double], referenceWavelengthNanometres: Double) -> PupilAberration {
    PupilAberration(rmsNanometres: coefficients.mapValues { $0 * referenceWavelengthNanometres })
  }

  /// Total RMS wavefront error (the terms are orthonormal), nanometres.
  public var totalRMSNanometres: Double {
    sqrt(rmsNanometres.values.reduce(0) { $0 + $1 * $1 })
  }

  public var isZero: Bool { rmsNanometres.values.allSatisfy { $0 == 0 } }

  /// Optical path difference (nm) at normalised pupil radius `rho` (0…1) and angle `theta` (rad).
  public func opdNanometres(rho: Double, theta: Double) -> Double {
    var sum = 0.0
    for (index, coefficient) in rmsNanometres where coefficient != 0 {
      sum += coefficient * Self.zernike(index, rho: rho, theta: theta)
    }
    return sum
  }

  /// The unit-RMS Zernike polynomial of the given TinyTim/Noll index.
  public static func zernike(_ index: Int, rho: Double, theta: Double) -> Double {
    let r2 = rho * rho
    switch index {
    case 4: return 3.0.squareRoot() * (2 * r2 - 1)
    case 5: return 6.0.squareRoot() * r2 * cos(2 * theta)
    case 6: return 6.0.squareRoot() * r2 * sin(2 * theta)
    case 7: return 8.0.squareRoot() * (3 * r2 - 2) * rho * cos(theta)
    case 8: return 8.0.squareRoot() * (3 * r2 - 2) * rho * sin(theta)
    case 9: return 8.0.squareRoot() * r2 * rho * cos(3 * theta)
    case 10: return 8.0.squareRoot() * r2 * rho * sin(3 * theta)
    case 11: return 5.0.squareRoot() * (6 * r2 * r2 - 6 * r2 + 1)
    case 22: return 7.0.squareRoot() * (20 * r2 * r2 * r2 - 30 * r2 * r2 + 12 * r2 - 1)
    default: preconditionFailure("unsupported Zernike index \(index)")
    }
  }
}

extension PupilAberration {
  /// ACS/WFC at the centre of the field: TinyTim's `acswfc1.tab` (waves RMS at 547 nm):
  /// Z4 0.028, Z5 0.031, Z6 0.028, Z7 0.003, Z8 0.001, Z9 0.008, Z10 0.018, Z11 −0.025, Z22 0.009
  /// (33 nm RMS in all).
  public static let hubbleACSWFC = PupilAberration.waves(
    [4: 0.028, 5: 0.031, 6: 0.028, 7: 0.003, 8: 0.001, 9: 0.008, 10: 0.018, 11: -0.025, 22: 0.009],
    referenceWavelengthNanometres: 547)
}
