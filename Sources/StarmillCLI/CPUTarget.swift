internal import CPUTargetCheck

/// The CPU target this binary was built for (`scripts/cpu-target.sh`): "haswell" (x86-64 with
/// AVX2 and FMA, `make release` on such a CPU) or "portable". Printed by `--version` and at the
/// head of `bench`, so every quoted number says which build made it. Both targets write the same
/// shard bytes (docs/scaling.md, "Session 7: the AVX2 build").
enum CPUTarget {
  static var name: String { String(cString: starmill_cpu_target()) }
}
