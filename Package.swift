// swift-tools-version:6.0
// Starmill: mock multi-band HST images of star clusters for neural-network training sets.
// Layering (imports point down only) is documented in docs/architecture.md.
import PackageDescription

/// Release-mode flags for the hot numerical modules. Bounds checks cost ~1.8x in pixel loops
/// (see ../shared/docs/swift-c-interop.md, "PSF stamps"); these modules use unsafe buffers where it matters.
let optimizedSwift: [SwiftSetting] = [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))]

let package = Package(
  name: "Starmill",
  products: [
    .executable(name: "starmill", targets: ["StarmillCLI"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // Layer 0: system libraries (module map + shim only).
    .systemLibrary(name: "CFITSIO", pkgConfig: "cfitsio", providers: [.apt(["libcfitsio-dev"])]),
    .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
    // No pkgConfig for GSL: gsl.pc adds -lgslcblas, which can shadow OpenBLAS's cblas_sgemm.
    .systemLibrary(name: "CGSL", providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
    .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
    .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
    // The start-up check that a binary built for AVX2 (`make release` on such a CPU) runs on one
    // (scripts/cpu-target.sh): C, built without that target, run before any Swift code.
    .target(name: "CPUTargetCheck"),

    // Layer 1: one Swift module per C library, plus pure photometry.
    .target(name: "FITS", dependencies: ["CFITSIO"]),
    .target(name: "HDF5", dependencies: ["CHDF5"]),
    .target(name: "Numerics", dependencies: ["CGSL", "CFFTW"], swiftSettings: optimizedSwift),
    .target(name: "LinearAlgebra", dependencies: ["COpenBLAS"]),
    .target(name: "PNG", dependencies: ["CZlib"]),
    .target(name: "Photometry", dependencies: ["Numerics"]),

    // Layer 2: domain modules (values in, values out).
    .target(name: "StellarPopulations", dependencies: ["Numerics", "Photometry"], swiftSettings: optimizedSwift),
    .target(name: "ClusterStructure", dependencies: ["Numerics"], swiftSettings: optimizedSwift),
    .target(name: "Optics", dependencies: ["Numerics"], swiftSettings: optimizedSwift),
    .target(name: "Rendering", dependencies: ["Optics", "Numerics"], swiftSettings: optimizedSwift),
    .target(name: "Network", dependencies: ["LinearAlgebra", "HDF5", "Numerics"], swiftSettings: optimizedSwift),
    .target(name: "Backgrounds", dependencies: ["Numerics"]),

    // Layer 3: recipe schema + validation (knows no physics).
    .target(name: "RecipeFormat", dependencies: [.product(name: "Yams", package: "Yams")]),

    .target(name: "Datasets", dependencies: ["HDF5"]),

    // Layer 4: pipeline (the only layer below the CLI that reads files).
    .target(
      name: "Pipeline",
      dependencies: [
        "FITS", "HDF5", "Numerics", "LinearAlgebra", "Photometry", "StellarPopulations",
        "ClusterStructure", "Optics", "Rendering", "Backgrounds", "RecipeFormat", "Datasets", "PNG", "Network",
        .product(name: "Yams", package: "Yams"),
      ]),

    // Layer 5: the command line.
    .executableTarget(
      name: "StarmillCLI",
      dependencies: [
        "Pipeline", "LinearAlgebra", "Backgrounds", "CPUTargetCheck",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // Tests: one target per module, plus shared test support (locating ../shared, fixtures).
    .target(name: "StarmillTestSupport", path: "Tests/StarmillTestSupport"),
    .testTarget(name: "FITSTests", dependencies: ["FITS", "StarmillTestSupport"]),
    .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "StarmillTestSupport"]),
    .testTarget(name: "NumericsTests", dependencies: ["Numerics", "StarmillTestSupport"]),
    .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra", "StarmillTestSupport"]),
    .testTarget(name: "PhotometryTests", dependencies: ["Photometry", "Pipeline", "StarmillTestSupport"]),
    .testTarget(
      name: "StellarPopulationsTests", dependencies: ["StellarPopulations", "Pipeline", "StarmillTestSupport"]),
    .testTarget(name: "ClusterStructureTests", dependencies: ["ClusterStructure", "StarmillTestSupport"]),
    .testTarget(name: "OpticsTests", dependencies: ["Optics", "Pipeline", "StarmillTestSupport"]),
    .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Pipeline", "StarmillTestSupport"]),
    .testTarget(name: "BackgroundsTests", dependencies: ["Backgrounds", "Pipeline", "StarmillTestSupport"]),
    .testTarget(name: "RecipeFormatTests", dependencies: ["RecipeFormat", "StarmillTestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "StarmillTestSupport"]),
    .testTarget(name: "PNGTests", dependencies: ["PNG", "StarmillTestSupport"]),
    .testTarget(
      name: "NetworkTests", dependencies: ["Network", "HDF5", "StarmillTestSupport"], exclude: ["Reference"]),
    .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "StarmillTestSupport"]),
    .testTarget(name: "StarmillCLITests", dependencies: ["HDF5", "StarmillTestSupport"]),
  ]
)
