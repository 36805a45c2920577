import Foundation
import HDF5
import Network

/// A training checkpoint: a model file plus a `/training` group holding AdamW's state
/// (`adam_m/<parameter>`, `adam_v/<parameter>`, attribute `adam_step`), the position
/// (`epoch`, `next_batch`, `step`), the running epoch loss, elapsed seconds, the options (JSON)
/// and the shard list (file names and sample counts).
enum TrainingCheckpoint {
  static func write(
    _ path: String, model: RegressionModel, optimizer: AdamW, position: NetworkTrainer.Position,
    trainer: NetworkTrainer
  ) throws {
    try ModelStore.save(model, to: path) { root in
      let training = try root.createGroup("training")
      for parameter in model.network.trainableParameters {
        if let m = optimizer.firstMoments[parameter.name], let v = optimizer.secondMoments[parameter.name] {
          try training.createDataset("adam_m/\(parameter.name)", values: m, shape: parameter.shape)
          try training.createDataset("adam_v/\(parameter.name)", values: v, shape: parameter.shape)
        }
      }
      let attributes: [(String, HDF5AttributeValue)] = [
        ("adam_step", .int64(Int64(optimizer.step))),
        ("epoch", .int64(Int64(position.epoch))),
        ("next_batch", .int64(Int64(position.nextBatch))),
        ("step", .int64(Int64(position.step))),
        ("epoch_loss_sum", .double(position.epochLossSum)),
        ("epoch_batches", .int64(Int64(position.epochBatches))),
        ("elapsed_seconds", .double(position.elapsedSeconds)),
        ("options", .string(try optionsJSON(trainer.options))),
        ("shards", .strings(shardList(trainer))),
      ]
      for (name, value) in attributes { try training.setAttribute(name, value) }
    }
  }

  static func read(_ path: String, trainer: NetworkTrainer, optimizer: AdamW) throws -> (
    RegressionModel, NetworkTrainer.Position
  ) {
    func fail(_ problem: String) -> TrainingError { .checkpoint(path: path, problem: problem) }
    let model = try ModelStore.load(path)
    let file = try HDF5File(openingAtPath: path)
    guard try file.root.contains("training") else { throw fail("not a checkpoint (no /training group)") }
    let training = try file.root.openGroup("training")
    let saved = try training.stringAttribute("options")
    guard saved == (try optionsJSON(trainer.options)) else {
      throw fail(
        "it was written with other training options; resume with the same options or start afresh.\n"
          + "  checkpoint: \(saved)\n  now:        \(try optionsJSON(trainer.options))")
    }
    let shards = try training.stringsAttribute("shards")
    guard shards == shardList(trainer) else {
      throw fail(
        "it was trained on other shards (\(shards.joined(separator: " "))); give the same shard files to resume")
    }
    var first: [String: [Float]] = [:]
    var second: [String: [Float]] = [:]
    for parameter in model.network.trainableParameters where try training.contains("adam_m/\(parameter.name)") {
      first[parameter.name] = try training.openDataset("adam_m/\(parameter.name)").read(as: Float.self)
      second[parameter.name] = try training.openDataset("adam_v/\(parameter.name)").read(as: Float.self)
    }
    optimizer.restore(step: try training.intAttribute("adam_step"), firstMoments: first, secondMoments: second)
    let position = NetworkTrainer.Position(
      epoch: try training.intAttribute("epoch"), nextBatch: try training.intAttribute("next_batch"),
      step: try training.intAttribute("step"), epochLossSum: try training.doubleAttribute("epoch_loss_sum"),
      epochBatches: try training.intAttribute("epoch_batches"),
      elapsedSeconds: try training.doubleAttribute("elapsed_seconds"))
    return (model, position)
  }

  static func optionsJSON(_ options: TrainingOptions) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return String(decoding: try encoder.encode(options), as: UTF8.self)
  }

  static func shardList(_ trainer: NetworkTrainer) -> [String] {
    zip(trainer.shards.paths, trainer.shards.readers).map { path, reader in
      "\(URL(fileURLWithPath: path).lastPathComponent):\(reader.metadata.sampleCount)"
    }
  }
}
