/// Which task of a partitioned run this process is: task `taskIndex` of `taskCount` writes the
/// contiguous block of whole shards `ShardLayout.shards(forTask:of:)`.
///
/// Shard names and bytes depend only on (recipe, seed, sample range), never on the partition, so
/// a wrong partition cannot corrupt a dataset; at worst it does work twice or leaves a gap that
/// `starmill index` reports. The rules below refuse the Slurm arrays for which the environment
/// alone cannot give the right answer.
public struct TaskPartition: Sendable, Equatable {
  public var taskIndex: Int
  public var taskCount: Int

  public init(taskIndex: Int, taskCount: Int) {
    self.taskIndex = taskIndex
    self.taskCount = taskCount
  }

  /// Resolves the partition from explicit options, else from a Slurm job array's environment.
  ///
  /// - `taskCount`: the option, else `SLURM_ARRAY_TASK_COUNT`, else 1.
  /// - `taskIndex`: the option, else `(SLURM_ARRAY_TASK_ID − SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP`
  ///   (MIN 0 and STEP 1 when unset). That is only right when the array is one evenly spaced
  ///   range of exactly `taskCount` ids, so it is refused otherwise: a resubmission of failed
  ///   tasks (`sbatch --array=3,17`) or a list of ids must pass `--task-index` (and
  ///   `--task-count`) explicitly.
  public static func resolve(
    taskIndex: Int?, taskCount: Int?, environment: [String: String]
  ) throws(TaskPartitionError) -> TaskPartition {
    func integer(_ name: String) throws(TaskPartitionError) -> Int? {
      guard let text = environment[name], !text.isEmpty else { return nil }
      guard let value = Int(text) else { throw TaskPartitionError("\(name)='\(text)' is not an integer") }
      return value
    }
    let environmentCount = try integer("SLURM_ARRAY_TASK_COUNT")
    let count = taskCount ?? environmentCount ?? 1
    guard count >= 1 else { throw TaskPartitionError("--task-count must be ≥ 1 (got \(count))") }

    var index = taskIndex
    if index == nil, let id = try integer("SLURM_ARRAY_TASK_ID") {
      let minimum = try integer("SLURM_ARRAY_TASK_MIN") ?? 0
      let step = try integer("SLURM_ARRAY_TASK_STEP") ?? 1
      let advice = "pass --task-index and --task-count explicitly (e.g. --task-index $SLURM_ARRAY_TASK_ID)"
      guard step >= 1, (id - minimum) % step == 0, id >= minimum else {
        throw TaskPartitionError(
          "SLURM_ARRAY_TASK_ID=\(id) is not MIN \(minimum) + a multiple of STEP \(step); \(advice)")
      }
      if let maximum = try integer("SLURM_ARRAY_TASK_MAX") {
        let span = (maximum - minimum) / step + 1
        if let environmentCount, span != environmentCount {
          throw TaskPartitionError(
            "the job array's ids \(minimum)…\(maximum) are not one evenly spaced range of "
              + "SLURM_ARRAY_TASK_COUNT=\(environmentCount) tasks (a resubmission of some tasks?); \(advice)")
        }
        if span != count {
          throw TaskPartitionError(
            "the job array has \(span) ids (\(minimum)…\(maximum)) but --task-count is \(count); \(advice)")
        }
      }
      index = (id - minimum) / step
    }
    let resolved = index ?? 0
    guard (0..<count).contains(resolved) else {
      throw TaskPartitionError("--task-index must be in 0..<\(count) (got \(resolved))")
    }
    return TaskPartition(taskIndex: resolved, taskCount: count)
  }
}

/// A task partition that cannot be resolved, with the rule it broke and what to pass instead.
public struct TaskPartitionError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}
