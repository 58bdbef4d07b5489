package dev.llmkit.inference.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Length-bucketed batches in a seeded, reproducible order.
 *
 * <p>Per epoch: shuffle all examples with a generator seeded by {@code (seed, epoch)}, cut the
 * shuffled list into pools of {@code poolBatches} batches, sort each pool by length, cut it into
 * batches, and shuffle the batch order. Batches then hold examples of similar length (little
 * padding) while the order stays random. The order of an epoch depends only on the seed and the
 * epoch number, so a resumed run finds its place from the step count alone.
 */
public final class LengthBucketSampler {

  private final int[] lengths;
  private final int batchSize;
  private final int poolBatches;
  private final long seed;

  /**
   * Creates a sampler.
   *
   * @param lengths length of each example
   * @param batchSize examples per batch (the last batch of an epoch may be smaller)
   * @param poolBatches batches per sorting pool; 1 disables bucketing
   * @param seed the shuffle seed
   */
  public LengthBucketSampler(int[] lengths, int batchSize, int poolBatches, long seed) {
    if (lengths.length == 0) {
      throw new IllegalArgumentException("no training examples");
    }
    if (batchSize < 1 || poolBatches < 1) {
      throw new IllegalArgumentException("batchSize and poolBatches must be positive");
    }
    this.lengths = lengths.clone();
    this.batchSize = batchSize;
    this.poolBatches = poolBatches;
    this.seed = seed;
  }

  /** Number of batches in every epoch. */
  public int batchesPerEpoch() {
    return (lengths.length + batchSize - 1) / batchSize;
  }

  /** The batches of an epoch, in training order. */
  public List<int[]> epoch(int epoch) {
    Random random = new Random(seed * 1_000_003L + epoch);
    List<Integer> order = new ArrayList<>(lengths.length);
    for (int i = 0; i < lengths.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    List<int[]> batches = new ArrayList<>(batchesPerEpoch());
    int pool = batchSize * poolBatches;
    for (int from = 0; from < order.size(); from += pool) {
      List<Integer> chunk =
          new ArrayList<>(order.subList(from, Math.min(from + pool, order.size())));
      chunk.sort(Comparator.comparingInt(i -> lengths[i])); // stable: ties keep shuffled order
      for (int b = 0; b < chunk.size(); b += batchSize) {
        batches.add(
            chunk.subList(b, Math.min(b + batchSize, chunk.size())).stream()
                .mapToInt(Integer::intValue)
                .toArray());
      }
    }
    Collections.shuffle(batches, random);
    return batches;
  }

  /** Total tokens of a batch (sum of its examples' lengths). */
  public long tokens(int[] batch) {
    return Arrays.stream(batch).mapToLong(i -> lengths[i]).sum();
  }
}
