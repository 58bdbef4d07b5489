package dev.llmkit.inference.safetensors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads a file written by an independent Python writer (src/test/python). */
class SafetensorsFileTest {

  private static NDManager manager;

  @BeforeAll
  static void startEngine() {
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void closeManager() {
    manager.close();
  }

  static Path resource(String name) {
    try {
      return Path.of(SafetensorsFileTest.class.getResource("/safetensors/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void headerListsEveryTensorWithShapeAndMetadata() {
    try (SafetensorsFile st = SafetensorsFile.open(resource("dtypes.safetensors"))) {
      assertThat(st.names())
          .containsExactly(
              "bf16", "bool", "empty", "f16", "f32", "f64", "i32", "i64", "scalar", "u8");
      assertThat(st.metadata()).containsEntry("format", "pt").containsEntry("source", "fixture");
      assertThat(st.require("f16").shape()).containsExactly(3, 2);
      assertThat(st.require("f16").dtype()).isEqualTo(SafetensorsDtype.F16);
      assertThat(st.require("scalar").shape()).isEmpty();
      assertThat(st.info("nope")).isEmpty();
    }
  }

  @Test
  void floatFormatsConvertToTheValuesTorchReports() {
    try (SafetensorsFile st = SafetensorsFile.open(resource("dtypes.safetensors"))) {
      assertThat(st.readFloats("f32")).containsExactly(1.0f, -2.5f, 0.1f, 65504f, 1e-7f, 3.140625f);
      // fp16: 0.1 -> 0x2E66 = 1638/16384; 1e-7 -> subnormal 2 * 2^-24
      assertThat(st.readFloats("f16"))
          .containsExactly(1.0f, -2.5f, 0.0999755859375f, 65504f, 0x1p-23f, 3.140625f);
      // bf16: 65504 rounds up to 65536; 0.1 -> 0x3DCD
      assertThat(st.readFloats("bf16"))
          .containsExactly(
              1.0f, -2.5f, 0.10009765625f, 65536f, Float.intBitsToFloat(0x33d70000), 3.140625f);
      assertThat(st.readFloats("f64")).containsExactly(0.5f, -0.25f);
    }
  }

  @Test
  void integerFormatsKeepTheirValues() {
    try (SafetensorsFile st = SafetensorsFile.open(resource("dtypes.safetensors"))) {
      assertThat(st.readLongs("i64")).containsExactly(0, -1, 1L << 40, 7);
      assertThat(st.readLongs("i32")).containsExactly(-3, Integer.MAX_VALUE);
      assertThat(st.readLongs("u8")).containsExactly(0, 255, 7);
      assertThat(st.readLongs("bool")).containsExactly(1, 0, 1);
    }
  }

  @Test
  void arraysHaveTheStoredShapeAndAnEngineFriendlyType() {
    try (SafetensorsFile st = SafetensorsFile.open(resource("dtypes.safetensors"));
        NDManager m = manager.newSubManager()) {
      NDArray bf16 = st.read("bf16", m);
      assertThat(bf16.getDataType()).isEqualTo(DataType.FLOAT32);
      assertThat(bf16.getName()).isEqualTo("bf16");
      assertThat(bf16.toFloatArray()[2]).isEqualTo(0.10009765625f);

      NDArray f16 = st.read("f16", m);
      assertThat(f16.getShape()).isEqualTo(new Shape(3, 2));
      assertThat(f16.getDataType()).isEqualTo(DataType.FLOAT32);

      NDArray i64 = st.read("i64", m);
      assertThat(i64.getDataType()).isEqualTo(DataType.INT64);
      assertThat(i64.toLongArray()).containsExactly(0, -1, 1L << 40, 7);

      assertThat(st.read("i32", m).getDataType()).isEqualTo(DataType.INT32);
      assertThat(st.read("u8", m).toUint8Array()).containsExactly(0, 255, 7);
      assertThat(st.read("bool", m).toBooleanArray()).containsExactly(true, false, true);
      assertThat(st.read("scalar", m).getShape()).isEqualTo(new Shape());
      assertThat(st.read("scalar", m).getFloat()).isEqualTo(42f);
      assertThat(st.read("empty", m).getShape()).isEqualTo(new Shape(0, 4));
    }
  }

  @Test
  void wrongKindOfReadIsAClearError() {
    try (SafetensorsFile st = SafetensorsFile.open(resource("dtypes.safetensors"))) {
      assertThatThrownBy(() -> st.readFloats("i64"))
          .isInstanceOf(SafetensorsException.class)
          .hasMessageContaining("'i64'")
          .hasMessageContaining("not floating point");
      assertThatThrownBy(() -> st.readLongs("f32"))
          .isInstanceOf(SafetensorsException.class)
          .hasMessageContaining("not an integer type");
      assertThatThrownBy(() -> st.readFloats("missing"))
          .isInstanceOf(SafetensorsException.class)
          .hasMessageContaining("dtypes.safetensors")
          .hasMessageContaining("'missing'");
    }
  }

  @Test
  void openDispatchesOnDirectoryContents() {
    try (TensorReader sharded = Safetensors.open(resource("sharded"))) {
      assertThat(sharded).isInstanceOf(ShardedSafetensors.class);
    }
    try (TensorReader single = Safetensors.open(resource("dtypes.safetensors"))) {
      assertThat(single).isInstanceOf(SafetensorsFile.class);
    }
    assertThatThrownBy(() -> Safetensors.open(resource("dtypes.safetensors").getParent()))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining("neither model.safetensors nor model.safetensors.index.json");
  }
}
