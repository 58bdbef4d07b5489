package dev.llmkit.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.llmkit.inference.device.CpuFeatures;
import dev.llmkit.inference.nn.NoGrad;
import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import dev.llmkit.inference.safetensors.ShardedSafetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same model stored sharded, in bf16 or fp16, or run in fp16, gives the same answers. */
class CheckpointFormatsTest {

  private static NDManager base;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    base = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    base.close();
  }

  @Test
  void shardedCheckpointLoadsTheSameWeights() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("sharded"));
    Files.copy(Reference.headsDir("bert").resolve("config.json"), dir.resolve("config.json"));
    StringBuilder weightMap = new StringBuilder();
    try (SafetensorsFile st =
        SafetensorsFile.open(Reference.headsDir("bert").resolve("model.safetensors"))) {
      List<String> names = new ArrayList<>(st.names());
      SafetensorsWriter[] shards = {SafetensorsWriter.create(), SafetensorsWriter.create()};
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i);
        int shard = i % 2;
        shards[shard].addFloats(name, st.readFloats(name), st.require(name).shape());
        weightMap
            .append(weightMap.isEmpty() ? "" : ",")
            .append("\"")
            .append(name)
            .append("\":\"model-0000")
            .append(shard + 1)
            .append("-of-00002.safetensors\"");
      }
      shards[0].write(dir.resolve("model-00001-of-00002.safetensors"));
      shards[1].write(dir.resolve("model-00002-of-00002.safetensors"));
    }
    Files.writeString(
        dir.resolve(ShardedSafetensors.INDEX_FILE),
        "{\"metadata\":{},\"weight_map\":{" + weightMap + "}}");

    Reference.Case c = Reference.load("bert").cases().get(0);
    try (TokenClassifier single =
            EncoderModels.loadTokenClassifier(Reference.headsDir("bert"), base);
        TokenClassifier sharded = EncoderModels.loadTokenClassifier(dir, base);
        NDManager m = base.newSubManager()) {
      assertThat(sharded.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray())
          .containsExactly(single.logits(c.ids(m), c.mask(m), c.types(m)).toFloatArray());
    }
  }

  @Test
  void bf16AndFp16CheckpointsAreWidenedInJavaAndStayCloseToFp32() throws IOException {
    Reference.Case c = Reference.load("distilbert").cases().get(0);
    for (SafetensorsDtype stored :
        new SafetensorsDtype[] {SafetensorsDtype.BF16, SafetensorsDtype.F16}) {
      Path dir = Files.createDirectories(tmp.resolve(stored.name()));
      Files.copy(
          Reference.baseDir("distilbert").resolve("config.json"), dir.resolve("config.json"));
      try (NDManager m = base.newSubManager();
          Encoder fp32 = EncoderModels.loadEncoder(Reference.baseDir("distilbert"), base)) {
        fp32.parameters().save(dir.resolve("model.safetensors"), stored);
        try (SafetensorsFile st = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
          assertThat(st.require("distilbert.embeddings.word_embeddings.weight").dtype())
              .isEqualTo(stored);
        }
        try (Encoder narrow = EncoderModels.loadEncoder(dir, base)) {
          NDArray w = narrow.parameters().get("distilbert.embeddings.word_embeddings.weight");
          assertThat(w.getDataType()).isEqualTo(DataType.FLOAT32);
          NDArray a = fp32.forward(c.ids(m), c.mask(m), null);
          NDArray b = narrow.forward(c.ids(m), c.mask(m), null);
          double diff = EncoderFidelityTest.maxAbsDiff(a, b);
          // bf16 keeps 8 mantissa bits, fp16 11: errors of a few 1e-2 and 1e-3 through 2 layers
          assertThat(diff)
              .as("%s", stored)
              .isLessThan(stored == SafetensorsDtype.BF16 ? 0.2 : 0.02);
          assertThat(diff).as("%s is really narrower", stored).isGreaterThan(0);
        }
      }
    }
  }

  @Test
  void bfloat16LinearLayersKeepFloat32WeightsAndStayCloseToFp32() {
    assumeTrue(CpuFeatures.host().bfloat16(), "the CPU has no bfloat16 instructions");
    Reference.Case c = Reference.load("bert").cases().get(0);
    try (Encoder fp32 = EncoderModels.loadEncoder(Reference.baseDir("bert"), base);
        Encoder bf16 =
            EncoderModels.loadEncoder(Reference.baseDir("bert"), base, DataType.BFLOAT16);
        NDManager m = base.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      assertThat(bf16.parameters().get("bert.encoder.layer.0.output.dense.weight").getDataType())
          .isEqualTo(DataType.FLOAT32);
      NDArray narrow = bf16.forward(c.ids(m), c.mask(m), c.types(m));
      assertThat(narrow.getDataType()).isEqualTo(DataType.FLOAT32);
      NDArray full = fp32.forward(c.ids(m), c.mask(m), c.types(m));
      double diff = EncoderFidelityTest.maxAbsDiff(narrow, full);
      // 8 significant bits in the products, float32 elsewhere: errors of about 1e-2 after the
      // LayerNorms of 2 layers
      assertThat(diff).isLessThan(0.1).isGreaterThan(1e-4);
    }
  }

  @Test
  void int8LinearLayersKeepFloat32WeightsAndStayCloseToFp32() {
    assumeTrue(CpuFeatures.host().int8(), "the CPU has no AVX2 for FBGEMM");
    Reference.Case c = Reference.load("bert").cases().get(0);
    try (Encoder fp32 = EncoderModels.loadEncoder(Reference.baseDir("bert"), base);
        Encoder int8 = EncoderModels.loadEncoder(Reference.baseDir("bert"), base, DataType.INT8);
        NDManager m = base.newSubManager();
        NoGrad noGrad = NoGrad.enter()) {
      assertThat(int8.parameters().get("bert.encoder.layer.0.output.dense.weight").getDataType())
          .isEqualTo(DataType.FLOAT32);
      NDArray narrow = int8.forward(c.ids(m), c.mask(m), c.types(m));
      assertThat(narrow.getDataType()).isEqualTo(DataType.FLOAT32);
      double diff =
          EncoderFidelityTest.maxAbsDiff(narrow, fp32.forward(c.ids(m), c.mask(m), c.types(m)));
      // 8-bit weights and inputs in every product: errors of a few 1e-2 after 2 layers
      assertThat(diff).isLessThan(0.3).isGreaterThan(1e-4);
    }
  }

  @Test
  void halfPrecisionWeightsRunAndStayCloseToFp32() {
    Reference.Case c = Reference.load("bert").cases().get(0);
    try (Encoder fp32 = EncoderModels.loadEncoder(Reference.baseDir("bert"), base);
        Encoder fp16 =
            EncoderModels.loadEncoder(Reference.baseDir("bert"), base, DataType.FLOAT16);
        NDManager m = base.newSubManager()) {
      assertThat(fp16.parameters().get("bert.encoder.layer.0.output.dense.weight").getDataType())
          .isEqualTo(DataType.FLOAT16);
      NDArray half = fp16.forward(c.ids(m), c.mask(m), c.types(m));
      assertThat(half.getDataType()).isEqualTo(DataType.FLOAT16);
      NDArray full = fp32.forward(c.ids(m), c.mask(m), c.types(m));
      assertThat(EncoderFidelityTest.maxAbsDiff(half.toType(DataType.FLOAT32, false), full))
          .isLessThan(0.05);
    }
  }
}
