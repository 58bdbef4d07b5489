package dev.llmkit.inference.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LengthBucketSamplerTest {

  private static int[] randomLengths(int n) {
    Random r = new Random(3);
    int[] lengths = new int[n];
    for (int i = 0; i < n; i++) {
      lengths[i] = 1 + r.nextInt(200);
    }
    return lengths;
  }

  @Test
  void everyExampleAppearsExactlyOncePerEpoch() {
    LengthBucketSampler sampler = new LengthBucketSampler(randomLengths(1003), 16, 10, 5);
    List<int[]> batches = sampler.epoch(0);

    assertThat(batches).hasSize(sampler.batchesPerEpoch()).hasSize(63);
    int[] all = batches.stream().flatMapToInt(Arrays::stream).sorted().toArray();
    assertThat(all).hasSize(1003);
    for (int i = 0; i < all.length; i++) {
      assertThat(all[i]).isEqualTo(i);
    }
  }

  @Test
  void theOrderIsAFunctionOfSeedAndEpoch() {
    int[] lengths = randomLengths(300);
    LengthBucketSampler a = new LengthBucketSampler(lengths, 8, 5, 1);
    LengthBucketSampler b = new LengthBucketSampler(lengths, 8, 5, 1);
    assertThat(a.epoch(2)).usingRecursiveComparison().isEqualTo(b.epoch(2));
    assertThat(a.epoch(2)).usingRecursiveComparison().isNotEqualTo(a.epoch(3));
    assertThat(a.epoch(2))
        .usingRecursiveComparison()
        .isNotEqualTo(new LengthBucketSampler(lengths, 8, 5, 2).epoch(2));
  }

  @Test
  void bucketingCutsPaddingComparedWithARandomOrder() {
    int[] lengths = randomLengths(2000);
    long bucketed = padding(new LengthBucketSampler(lengths, 16, 50, 9), lengths);
    long random = padding(new LengthBucketSampler(lengths, 16, 1, 9), lengths);
    assertThat(bucketed).isLessThan(random / 5);
  }

  private static long padding(LengthBucketSampler sampler, int[] lengths) {
    long pad = 0;
    for (int[] batch : sampler.epoch(0)) {
      int max = Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
      for (int i : batch) {
        pad += max - lengths[i];
      }
    }
    return pad;
  }
}
