/// The version written into `starmill --version` and every shard's provenance attributes.
public enum StarmillVersion {
  public static let string = "0.1.0"
}
