import ArgumentParser
import Foundation
import Network
import Pipeline

struct TrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train the bundled ResNet (log age, log mass, log r_h) on shards and write a model file.",
    discussion: """
      Shards may be files or folders (every *.h5 inside). A fixed fraction of samples, chosen by a
      hash of the sample index, is held out for validation. A checkpoint <out>.checkpoint.h5 is
      written after every epoch and every --checkpoint-every batches; --resume continues from it
      exactly (same options, same shards, same --threads for bit-identical results).
      """)

  @Argument(help: "Shard files or folders of shards.")
  var shards: [String]

  @Option(help: "The model file to write (HDF5).")
  var out: String

  @Option(help: "Passes over the training samples.")
  var epochs = 15

  @Option(help: "Images per optimisation step.")
  var batchSize = 64

  @Option(help: "Seed for weights, sample order and augmentation.")
  var seed: UInt64 = 2019

  @Flag(help: "Continue from <out>.checkpoint.h5.")
  var resume = false

  @Option(help: "Fraction of samples held out for validation (by sample-index hash).")
  var validationFraction = 0.1

  @Option(help: "BLAS threads (default: all processors).")
  var threads: Int?

  @Option(help: "Also write a checkpoint every N batches.")
  var checkpointEvery = 500

  @Option(help: "Peak learning rate of the warm-up + cosine schedule.")
  var learningRate = 2e-3

  @Option(help: "Loss: gaussian_nll (predicts an uncertainty) or mse.")
  var loss = "gaussian_nll"

  @Option(help: "Channels of the first residual stage (16 for the bundled model).")
  var width = 16

  @Option(
    help: ArgumentHelp(
      "Fine-tune: start from this model's weights, input stretch and label scales (same bands, image size, width, labels).",
      valueName: "model"))
  var initializeFrom: String?

  func run() throws {
    guard let lossFunction = LossFunction(rawValue: loss) else {
      throw ValidationError("unknown --loss '\(loss)'; use gaussian_nll or mse")
    }
    var options = TrainingOptions()
    options.epochs = epochs
    options.batchSize = batchSize
    options.seed = seed
    options.validationFraction = validationFraction
    options.peakLearningRate = learningRate
    options.finalLearningRate = learningRate / 100
    options.loss = lossFunction
    options.width = width
    options.initialModelPath = initializeFrom
    let threadCount = threads ?? ProcessInfo.processInfo.activeProcessorCount
    let paths = try ShardArguments.expand(shards)
    let trainer = try NetworkTrainer(
      shardPaths: paths, outputPath: out, options: options, threads: threadCount,
      checkpointEveryBatches: checkpointEvery)
    let reporter = TrainingReporter(interactive: isatty(STDERR_FILENO) == 1)
    try trainer.run(resume: resume, progress: reporter.report)
  }
}

/// Expands folders given on the command line to the `.h5` files inside them (sorted).
enum ShardArguments {
  static func expand(_ arguments: [String]) throws -> [String] {
    var paths: [String] = []
    for argument in arguments {
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
        throw ValidationError("\(argument): no such file or folder")
      }
      if isDirectory.boolValue {
        let names = try FileManager.default.contentsOfDirectory(atPath: argument)
          .filter { $0.hasSuffix(".h5") && !$0.hasPrefix(".") }.sorted()
        if names.isEmpty { throw ValidationError("\(argument): no .h5 shards in this folder") }
        paths += names.map { (argument as NSString).appendingPathComponent($0) }
      } else {
        paths.append(argument)
      }
    }
    return paths
  }
}

/// Prints training progress: a one-line bar redrawn in place on a terminal (stderr), plain
/// lines (stdout) otherwise, ten per epoch.
final class TrainingReporter {
  let interactive: Bool
  private var plan: TrainingPlan?
  private var smoothedRate: Double = 0

  init(interactive: Bool) { self.interactive = interactive }

  func report(_ event: TrainingEvent) {
    switch event {
    case .started(let plan):
      self.plan = plan
      var line =
        "training on \(plan.trainingSamples) samples, validating on \(plan.validationSamples); "
        + "\(plan.epochs) epochs × \(plan.batchesPerEpoch) batches; \(plan.parameterCount) parameters, "
        + String(format: "%.1f", Double(plan.multiplyAddsPerImage) / 1e6) + " M multiply-adds per image"
      if let epoch = plan.resumedAtEpoch, let batch = plan.resumedAtBatch {
        line += "; resuming at epoch \(epoch + 1), batch \(batch + 1)"
      }
      say(line)
      say("machine: \(plan.machine)")
    case .batchFinished(let epoch, let batch, let batches, let loss, let rate, let learningRate):
      smoothedRate = smoothedRate == 0 ? rate : 0.9 * smoothedRate + 0.1 * rate
      let epochs = plan?.epochs ?? 0
      if interactive {
        let width = 30
        let filled = batches > 0 ? width * batch / batches : 0
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        let text = String(
          format: "\repoch %d/%d %@ %d/%d  loss %.4f  %.0f img/s  lr %.2e ", epoch + 1, epochs, bar, batch, batches,
          loss,
          smoothedRate, learningRate)
        FileHandle.standardError.write(Data(text.utf8))
      } else if batch == batches || batch % max(1, batches / 10) == 0 {
        print(
          String(
            format: "epoch %d/%d batch %d/%d loss %.4f %.0f img/s lr %.2e", epoch + 1, epochs, batch, batches, loss,
            smoothedRate, learningRate))
        fflush(nil)
      }
    case .checkpointWritten:
      break
    case .epochFinished(let summary):
      if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
      var line = String(
        format: "epoch %d: train loss %.4f, validation loss %.4f, %.0f s, %.0f img/s", summary.epoch + 1,
        summary.trainingLoss, summary.validationLoss, summary.seconds, summary.imagesPerSecond)
      for (label, metrics) in summary.validationMetrics {
        line += String(format: "; %@ bias %+.3f scatter %.3f", label, metrics.bias, metrics.scatter)
      }
      say(line)
    case .finished(let path, let seconds):
      say(String(format: "wrote %@ (%.0f s of training)", path, seconds))
    }
  }

  private func say(_ line: String) {
    print(line)
    fflush(nil)
  }
}
