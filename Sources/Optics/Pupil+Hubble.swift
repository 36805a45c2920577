/// The Hubble Space Telescope's entrance pupil.
///
/// Values are TinyTim's pupil tables (`acswfc1.pup`, `wfc3_uvis2.pup`, `wfc3_ir.pup` in
/// github.com/spacetelescope/tinytim; Krist, Hook & Stoehr 2011, SPIE 8127, 81270J), where every
/// size is a fraction of the primary's radius R = 1.2 m (D = 2.4 m):
/// - secondary-mirror obscuration radius 0.330 R (0.396 m);
/// - four spiders of full width 0.022 R (2.64 cm) along the V2 and V3 axes;
/// - three primary-mirror pads of radius 0.065 R centred at (V3, V2) = (0.8921, 0),
///   (−0.4615, 0.7555), (−0.4564, −0.7606) R, i.e. 0.892 R from the axis at 120° steps;
/// - WFC3/IR only: the cold mask, a clear disc of radius 0.9755 R with its own central stop of
///   0.354 R and spiders 0.061 R wide (TinyTim, from G. Hartig 2008), aligned with the OTA's.
/// TinyTim draws the pupil with V3 along +x and V2 along +y and then rotates it by the camera's
/// angle (ACS/WFC −90°, WFC3 135°); the same is done here.
extension Pupil {
  /// The primary's radius, metres.
  public static let hubbleRadiusMetres = 1.2

  /// The telescope (OTA) pupil alone, optionally rotated to a camera's frame.
  public static func hubbleOTA(rotationDegrees: Double = 0) -> Pupil {
    let r = hubbleRadiusMetres
    var elements: [PupilElement] = [
      .clearDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: r),
      .opaqueDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: 0.330 * r),
      .opaqueBar(centreXMetres: 0, centreYMetres: 0, widthMetres: 0.022 * r, angleDegrees: 0),
      .opaqueBar(centreXMetres: 0, centreYMetres: 0, widthMetres: 0.022 * r, angleDegrees: 90),
    ]
    let pads: [(v3: Double, v2: Double)] = [(0.8921, 0.0), (-0.4615, 0.7555), (-0.4564, -0.7606)]
    for pad in pads {
      elements.append(.opaqueDisc(centreXMetres: pad.v3 * r, centreYMetres: pad.v2 * r, radiusMetres: 0.065 * r))
    }
    return Pupil(outerRadiusMetres: r, elements: elements, rotationDegrees: rotationDegrees)
  }

  /// ACS Wide Field Channel: the OTA pupil in the camera frame (TinyTim rotation −90°).
  public static var hubbleACSWFC: Pupil { hubbleOTA(rotationDegrees: -90) }

  /// WFC3 UVIS channel: the OTA pupil in the camera frame (TinyTim rotation 135°).
  public static var hubbleWFC3UVIS: Pupil { hubbleOTA(rotationDegrees: 135) }

  /// WFC3 IR channel: the OTA pupil times the cold mask, in the camera frame (rotation 135°).
  public static var hubbleWFC3IR: Pupil {
    var pupil = hubbleOTA(rotationDegrees: 135)
    let r = hubbleRadiusMetres
    pupil.elements += [
      .clearDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: 0.9755 * r),
      .opaqueDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: 0.354 * r),
      .opaqueBar(centreXMetres: 0, centreYMetres: 0, widthMetres: 0.061 * r, angleDegrees: 0),
      .opaqueBar(centreXMetres: 0, centreYMetres: 0, widthMetres: 0.061 * r, angleDegrees: 90),
    ]
    return pupil
  }
}
