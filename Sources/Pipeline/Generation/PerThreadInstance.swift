import Foundation

/// The calling thread's own instance stored under `key`, made by `make` on first use and kept
/// for the thread's life (in Foundation's thread dictionary).
///
/// For scratch objects that `DatasetPlan.simulate` reuses across samples while it runs on
/// several threads at once (`ParallelSampler`): each thread gets its own, so no scratch memory is
/// shared, and the objects must hold no state that reaches a result.
func perThreadInstance<Value: AnyObject>(key: String, make: () -> Value) -> Value {
  let dictionary = Thread.current.threadDictionary
  if let existing = dictionary[key] as? Value { return existing }
  let instance = make()
  dictionary[key] = instance
  return instance
}
