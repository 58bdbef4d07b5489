package dev.llmkit.inference.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmkit.inference.safetensors.SafetensorsDtype;
import dev.llmkit.inference.safetensors.SafetensorsFile;
import dev.llmkit.inference.safetensors.SafetensorsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bundle's quantized-tensors.json is honoured exactly, and every malformation is named. */
class QuantizedTensorsTest {

  private static final String SPEC =
      "{\"version\": 1, \"scheme\": \"int8-symmetric-per-row\","
          + " \"tensors\": {\"dense.weight\": \"dense.weight.int8_scale\"}}";

  @TempDir Path bundle;

  /** A (2, 3) int8 matrix with scales 0.5 and 0.25, a 1-D bias, an I64 buffer. */
  private SafetensorsWriter bundleWith(SafetensorsDtype biasDtype) {
    return SafetensorsWriter.create()
        .metadata("format", "pt")
        .addInt8("dense.weight", new byte[] {3, -4, 127, 1, 0, -127}, shape(2, 3))
        .addFloats("dense.weight.int8_scale", new float[] {0.5f, 0.25f}, shape(2))
        .addFloats("dense.bias", new float[] {0.1f, -2f}, shape(2), biasDtype)
        .addLongs("position_ids", new long[] {0, 1, 2}, shape(1, 3));
  }

  private void write(SafetensorsWriter w, String spec) throws Exception {
    w.write(bundle.resolve("model.safetensors"));
    Files.writeString(bundle.resolve(QuantizedTensors.FILE), spec);
  }

  @Test
  void quantizedTensorBecomesF16BesideF16TensorsAndTheRestIsUnchanged() throws Exception {
    write(bundleWith(SafetensorsDtype.F16), SPEC);

    QuantizedTensors.expand(bundle);

    try (SafetensorsFile st = SafetensorsFile.open(bundle.resolve("model.safetensors"))) {
      assertThat(st.names()).containsExactly("dense.bias", "dense.weight", "position_ids");
      assertThat(st.require("dense.weight").dtype()).isEqualTo(SafetensorsDtype.F16);
      assertThat(st.require("dense.weight").shape()).containsExactly(2, 3);
      // 3·0.5, -4·0.5, 127·0.5 | 1·0.25, 0, -127·0.25: all exact in float16
      assertThat(st.readFloats("dense.weight"))
          .containsExactly(1.5f, -2f, 63.5f, 0.25f, 0f, -31.75f);
      assertThat(st.require("dense.bias").dtype()).isEqualTo(SafetensorsDtype.F16);
      assertThat(st.readFloats("dense.bias")).containsExactly(0.0999755859375f, -2f);
      assertThat(st.readLongs("position_ids")).containsExactly(0, 1, 2);
      assertThat(st.metadata()).containsExactlyEntriesOf(Map.of("format", "pt"));
    }
    assertThat(bundle.resolve(QuantizedTensors.FILE)).doesNotExist();
  }

  @Test
  void quantizedTensorBecomesF32BesideF32Tensors() throws Exception {
    write(bundleWith(SafetensorsDtype.F32), SPEC);

    QuantizedTensors.expand(bundle);

    try (SafetensorsFile st = SafetensorsFile.open(bundle.resolve("model.safetensors"))) {
      assertThat(st.require("dense.weight").dtype()).isEqualTo(SafetensorsDtype.F32);
      assertThat(st.require("dense.bias").dtype()).isEqualTo(SafetensorsDtype.F32);
      assertThat(st.readFloats("dense.bias")).containsExactly(0.1f, -2f);
    }
  }

  @Test
  void missingScaleTensorIsNamed() throws Exception {
    write(
        SafetensorsWriter.create()
            .addInt8("dense.weight", new byte[] {1, 2}, shape(1, 2))
            .addFloats("dense.bias", new float[] {0}, shape(1)),
        SPEC);

    assertRefused(
        "scale tensor of dense.weight dense.weight.int8_scale is not in model.safetensors");
  }

  @Test
  void missingQuantizedTensorIsNamed() throws Exception {
    write(
        SafetensorsWriter.create().addFloats("dense.weight.int8_scale", new float[] {1}, shape(1)),
        SPEC);

    assertRefused("quantized tensor dense.weight is not in model.safetensors");
  }

  @Test
  void scaleWithOneValueTooFewIsRefused() throws Exception {
    write(
        SafetensorsWriter.create()
            .addInt8("dense.weight", new byte[] {1, 2, 3, 4, 5, 6}, shape(3, 2))
            .addFloats("dense.weight.int8_scale", new float[] {1, 1}, shape(2)),
        SPEC);

    assertRefused(
        "scale tensor dense.weight.int8_scale of dense.weight is F32 [2], expected F32 [3]"
            + " (one scale per row)");
  }

  @Test
  void scaleStoredAsF16IsRefused() throws Exception {
    write(
        SafetensorsWriter.create()
            .addInt8("dense.weight", new byte[] {1, 2}, shape(1, 2))
            .addFloats("dense.weight.int8_scale", new float[] {1}, shape(1), SafetensorsDtype.F16),
        SPEC);

    assertRefused("is F16 [1], expected F32 [1]");
  }

  @Test
  void quantizedTensorThatIsNotInt8IsRefused() throws Exception {
    write(
        SafetensorsWriter.create()
            .addFloats("dense.weight", new float[] {1, 2}, shape(1, 2), SafetensorsDtype.F16)
            .addFloats("dense.weight.int8_scale", new float[] {1}, shape(1)),
        SPEC);

    assertRefused("quantized tensor dense.weight is F16, expected I8");
  }

  @Test
  void quantizedTensorThatIsNotTwoDimensionalIsRefused() throws Exception {
    write(
        SafetensorsWriter.create()
            .addInt8("dense.weight", new byte[] {1, 2, 3, 4}, shape(1, 2, 2))
            .addFloats("dense.weight.int8_scale", new float[] {1}, shape(1)),
        SPEC);

    assertRefused("quantized tensor dense.weight has shape [1, 2, 2], expected 2-D (rows, cols)");
  }

  @Test
  void zeroScaleIsRefusedWithTheTensorsName() throws Exception {
    write(
        SafetensorsWriter.create()
            .addInt8("dense.weight", new byte[] {1, 2}, shape(2, 1))
            .addFloats("dense.weight.int8_scale", new float[] {1, 0}, shape(2)),
        SPEC);

    assertRefused("dense.weight: scale of row 1 is 0.0, must be > 0");
  }

  @Test
  void unknownSchemeIsRefused() throws Exception {
    write(
        bundleWith(SafetensorsDtype.F16),
        SPEC.replace("int8-symmetric-per-row", "int4-grouped-128"));

    assertRefused("unknown scheme \"int4-grouped-128\" (known: \"int8-symmetric-per-row\")");
  }

  @Test
  void unknownOrMissingVersionIsRefused() throws Exception {
    write(bundleWith(SafetensorsDtype.F16), SPEC.replace("\"version\": 1", "\"version\": 2"));
    assertRefused("unsupported version 2 (this llmkit reads version 1)");

    write(bundleWith(SafetensorsDtype.F16), SPEC.replace("\"version\": 1,", ""));
    assertRefused("unsupported version");
  }

  @Test
  void descriptionNamingNoTensorsIsRefused() throws Exception {
    write(
        bundleWith(SafetensorsDtype.F16),
        "{\"version\": 1, \"scheme\": \"int8-symmetric-per-row\", \"tensors\": {}}");

    assertRefused("names no tensors");
  }

  private void assertRefused(String message) {
    assertThatThrownBy(() -> QuantizedTensors.expand(bundle))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(QuantizedTensors.FILE + ": ")
        .hasMessageContaining(message);
  }

  private static long[] shape(long... dims) {
    return dims;
  }
}
