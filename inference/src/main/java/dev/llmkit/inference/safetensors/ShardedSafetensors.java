package dev.llmkit.inference.safetensors;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A checkpoint split over several safetensors files, as described by a {@code
 * model.safetensors.index.json} ({@code {"metadata": {...}, "weight_map": {tensor: shard}}}).
 * Shards must be plain file names in the index's directory; every tensor listed must be present in
 * its shard.
 */
public final class ShardedSafetensors implements TensorReader {

  /** The conventional index file name. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  /** Index files are small; anything larger is refused before parsing. */
  private static final long MAX_INDEX_BYTES = 64L << 20;

  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private final Path index;
  private final Map<String, SafetensorsFile> shardOf; // tensor -> shard
  private final List<SafetensorsFile> shards;
  private final Map<String, String> metadata;

  private ShardedSafetensors(
      Path index,
      Map<String, SafetensorsFile> shardOf,
      List<SafetensorsFile> shards,
      Map<String, String> metadata) {
    this.index = index;
    this.shardOf = shardOf;
    this.shards = shards;
    this.metadata = metadata;
  }

  /**
   * Opens the index and every shard it names.
   *
   * @throws SafetensorsException if the index or a shard is missing or corrupt, a shard name leaves
   *     the directory, or a listed tensor is not in its shard
   */
  public static ShardedSafetensors open(Path indexFile) {
    JsonNode weightMap = readIndex(indexFile);
    Path dir = indexFile.toAbsolutePath().getParent();
    Map<String, SafetensorsFile> byFile = new LinkedHashMap<>();
    Map<String, SafetensorsFile> shardOf = new TreeMap<>();
    try {
      for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
        String tensor = e.getKey();
        if (!e.getValue().isTextual()) {
          throw new SafetensorsException(indexFile, tensor, "weight_map value is not a file name");
        }
        String shardName = e.getValue().textValue();
        SafetensorsFile shard = byFile.get(shardName);
        if (shard == null) {
          shard = SafetensorsFile.open(resolveShard(indexFile, dir, tensor, shardName));
          byFile.put(shardName, shard);
        }
        if (!shard.contains(tensor)) {
          throw new SafetensorsException(
              indexFile, tensor, "listed in weight_map but missing from shard " + shardName);
        }
        shardOf.put(tensor, shard);
      }
    } catch (RuntimeException e) {
      byFile.values().forEach(SafetensorsFile::close);
      throw e;
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    byFile.values().forEach(s -> metadata.putAll(s.metadata()));
    return new ShardedSafetensors(
        indexFile,
        Collections.unmodifiableMap(shardOf),
        List.copyOf(byFile.values()),
        Collections.unmodifiableMap(metadata));
  }

  private static JsonNode readIndex(Path indexFile) {
    JsonNode root;
    try {
      if (Files.size(indexFile) > MAX_INDEX_BYTES) {
        throw new SafetensorsException(indexFile, null, "index file larger than 64 MiB");
      }
      root = MAPPER.readTree(Files.readAllBytes(indexFile));
    } catch (JsonProcessingException e) {
      throw new SafetensorsException(
          indexFile, null, "index is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new SafetensorsException(indexFile, null, "cannot read index: " + e, e);
    }
    JsonNode weightMap = root == null ? null : root.get("weight_map");
    if (weightMap == null || !weightMap.isObject()) {
      throw new SafetensorsException(indexFile, null, "index has no 'weight_map' object");
    }
    return weightMap;
  }

  private static Path resolveShard(Path indexFile, Path dir, String tensor, String shardName) {
    Path shard = dir.resolve(shardName).normalize();
    if (shardName.isEmpty()
        || shardName.contains("/")
        || shardName.contains("\\")
        || !dir.equals(shard.getParent())) {
      throw new SafetensorsException(
          indexFile,
          tensor,
          "shard '"
              + SafetensorsException.abbreviate(shardName)
              + "' is not a file name in "
              + dir);
    }
    return shard;
  }

  /** The shards, in order of first mention in the index. */
  public List<SafetensorsFile> shards() {
    return shards;
  }

  @Override
  public Path path() {
    return index;
  }

  @Override
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(shardOf.keySet()));
  }

  @Override
  public Optional<TensorInfo> info(String name) {
    SafetensorsFile shard = shardOf.get(name);
    return shard == null ? Optional.empty() : shard.info(name);
  }

  @Override
  public Map<String, String> metadata() {
    return metadata;
  }

  @Override
  public float[] readFloats(String name) {
    return shard(name).readFloats(name);
  }

  @Override
  public long[] readLongs(String name) {
    return shard(name).readLongs(name);
  }

  @Override
  public NDArray read(String name, NDManager manager) {
    return shard(name).read(name, manager);
  }

  private SafetensorsFile shard(String name) {
    SafetensorsFile shard = shardOf.get(name);
    if (shard == null) {
      throw new SafetensorsException(index, name, "no such tensor in checkpoint");
    }
    return shard;
  }

  @Override
  public void close() {
    List<SafetensorsFile> all = new ArrayList<>(shards);
    all.forEach(SafetensorsFile::close);
  }
}
