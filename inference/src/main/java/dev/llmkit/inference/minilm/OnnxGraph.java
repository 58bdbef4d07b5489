package dev.llmkit.inference.minilm;

import dev.llmkit.inference.proto.ProtoReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parts of an ONNX {@code ModelProto} the converter needs: the graph's nodes (name, op type,
 * inputs, outputs) and its initializers (name, dims, data). Field numbers follow <a
 * href="https://github.com/onnx/onnx/blob/main/onnx/onnx.proto">onnx.proto</a>; everything else is
 * skipped.
 *
 * @param nodes the graph's nodes in file order
 * @param initializers the graph's initializers by name, in file order
 */
public record OnnxGraph(List<Node> nodes, Map<String, Tensor> initializers) {

  // ModelProto
  private static final int MODEL_GRAPH = 7;
  // GraphProto
  private static final int GRAPH_NODE = 1;
  private static final int GRAPH_INITIALIZER = 5;
  // NodeProto
  private static final int NODE_INPUT = 1;
  private static final int NODE_OUTPUT = 2;
  private static final int NODE_NAME = 3;
  private static final int NODE_OP_TYPE = 4;
  // TensorProto
  private static final int TENSOR_DIMS = 1;
  private static final int TENSOR_DATA_TYPE = 2;
  private static final int TENSOR_FLOAT_DATA = 4;
  private static final int TENSOR_NAME = 8;
  private static final int TENSOR_RAW_DATA = 9;
  private static final int TENSOR_DATA_LOCATION = 14;

  /** {@code TensorProto.DataType.FLOAT}. */
  public static final int FLOAT = 1;

  /** {@code TensorProto.DataType.INT64}. */
  public static final int INT64 = 7;

  /** Dims above this are rejected: no real tensor has them, and they guard the size arithmetic. */
  private static final long MAX_DIM = 1L << 31;

  private static final int MAX_RANK = 8;

  /**
   * A graph node.
   *
   * @param name e.g. {@code /encoder/layer.0/attention/self/query/MatMul}
   * @param opType e.g. {@code MatMul}
   * @param inputs input value names
   * @param outputs output value names
   */
  public record Node(String name, String opType, List<String> inputs, List<String> outputs) {}

  /**
   * An initializer.
   *
   * @param name the initializer name
   * @param dataType the {@code TensorProto.DataType} code
   * @param dims the shape
   * @param data little-endian element bytes (from {@code raw_data} or packed {@code float_data})
   */
  public record Tensor(String name, int dataType, long[] dims, ByteBuffer data) {

    /**
     * @return the number of elements, the product of the dims
     */
    public long elementCount() {
      long n = 1;
      for (long d : dims) {
        n *= d; // bounded: dims are checked on parse
      }
      return n;
    }

    /**
     * @return the data as floats, for FLOAT tensors
     */
    public float[] toFloats() {
      if (dataType != FLOAT) {
        throw new OnnxFormatException(
            "initializer " + name + " has data type " + dataType + ", expected FLOAT (1)");
      }
      float[] out = new float[Math.toIntExact(elementCount())];
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
      return out;
    }

    @Override
    public String toString() {
      return name + Arrays.toString(dims) + " type " + dataType;
    }
  }

  /**
   * Parses an ONNX model.
   *
   * @param model the serialized {@code ModelProto}
   * @return its graph
   * @throws OnnxFormatException if the bytes are not a well-formed ONNX model with a graph
   */
  public static OnnxGraph parse(ByteBuffer model) {
    ProtoReader reader = new ProtoReader(model, 0, OnnxFormatException::new);
    OnnxGraph graph = null;
    while (reader.hasRemaining()) {
      int tag = reader.readTag();
      if (ProtoReader.field(tag) == MODEL_GRAPH
          && ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED) {
        graph = parseGraph(reader.readMessage());
      } else {
        reader.skip(ProtoReader.wireType(tag));
      }
    }
    if (graph == null) {
      throw new OnnxFormatException("not an ONNX model: no graph (ModelProto field 7)");
    }
    return graph;
  }

  private static OnnxGraph parseGraph(ProtoReader reader) {
    List<Node> nodes = new ArrayList<>();
    Map<String, Tensor> initializers = new LinkedHashMap<>();
    while (reader.hasRemaining()) {
      int tag = reader.readTag();
      int field = ProtoReader.field(tag);
      boolean message = ProtoReader.wireType(tag) == ProtoReader.LENGTH_DELIMITED;
      if (field == GRAPH_NODE && message) {
        nodes.add(parseNode(reader.readMessage()));
      } else if (field == GRAPH_INITIALIZER && message) {
        int at = reader.offset();
        Tensor t = parseTensor(reader.readMessage(), at);
        if (initializers.put(t.name(), t) != null) {
          throw new OnnxFormatException("duplicate initializer " + t.name());
        }
      } else {
        reader.skip(ProtoReader.wireType(tag));
      }
    }
    return new OnnxGraph(
        Collections.unmodifiableList(nodes), Collections.unmodifiableMap(initializers));
  }

  private static Node parseNode(ProtoReader reader) {
    List<String> inputs = new ArrayList<>();
    List<String> outputs = new ArrayList<>();
    String name = "";
    String opType = "";
    while (reader.hasRemaining()) {
      int tag = reader.readTag();
      int wire = ProtoReader.wireType(tag);
      if (wire != ProtoReader.LENGTH_DELIMITED) {
        reader.skip(wire);
        continue;
      }
      switch (ProtoReader.field(tag)) {
        case NODE_INPUT -> inputs.add(reader.readString());
        case NODE_OUTPUT -> outputs.add(reader.readString());
        case NODE_NAME -> name = reader.readString();
        case NODE_OP_TYPE -> opType = reader.readString();
        default -> reader.skip(wire);
      }
    }
    return new Node(name, opType, List.copyOf(inputs), List.copyOf(outputs));
  }

  private static Tensor parseTensor(ProtoReader reader, int at) {
    List<Long> dims = new ArrayList<>();
    int dataType = 0;
    String name = null;
    ByteBuffer raw = null;
    ByteBuffer packedFloats = null;
    List<Float> looseFloats = new ArrayList<>();
    while (reader.hasRemaining()) {
      int tag = reader.readTag();
      int wire = ProtoReader.wireType(tag);
      int field = ProtoReader.field(tag);
      if (field == TENSOR_DIMS && wire == ProtoReader.VARINT) {
        dims.add(reader.readVarint());
      } else if (field == TENSOR_DIMS && wire == ProtoReader.LENGTH_DELIMITED) {
        ProtoReader packed = reader.readMessage();
        while (packed.hasRemaining()) {
          dims.add(packed.readVarint());
        }
      } else if (field == TENSOR_DATA_TYPE && wire == ProtoReader.VARINT) {
        dataType = reader.readVarintInt("data_type");
      } else if (field == TENSOR_NAME && wire == ProtoReader.LENGTH_DELIMITED) {
        name = reader.readString();
      } else if (field == TENSOR_RAW_DATA && wire == ProtoReader.LENGTH_DELIMITED) {
        raw = reader.readBytes();
      } else if (field == TENSOR_FLOAT_DATA && wire == ProtoReader.LENGTH_DELIMITED) {
        packedFloats = reader.readBytes();
      } else if (field == TENSOR_FLOAT_DATA && wire == ProtoReader.FIXED32) {
        looseFloats.add(reader.readFixed32Float());
      } else if (field == TENSOR_DATA_LOCATION && wire == ProtoReader.VARINT) {
        if (reader.readVarint() != 0) {
          throw new OnnxFormatException(
              "initializer at byte " + at + " uses external data, which is not supported");
        }
      } else {
        reader.skip(wire);
      }
    }
    if (name == null || name.isEmpty()) {
      throw new OnnxFormatException("unnamed initializer at byte " + at);
    }
    long[] shape = checkDims(name, dims);
    long count = 1;
    for (long d : shape) {
      count *= d;
    }
    ByteBuffer data = raw != null ? raw : packedFloats;
    if (data == null && !looseFloats.isEmpty()) {
      data = ByteBuffer.allocate(looseFloats.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
      for (float f : looseFloats) {
        data.putFloat(f);
      }
      data.flip();
    }
    if (data == null) {
      data = ByteBuffer.allocate(0);
    }
    int elementSize = elementSize(dataType);
    if (elementSize > 0 && data.remaining() != count * elementSize) {
      throw new OnnxFormatException(
          "initializer "
              + name
              + " with dims "
              + Arrays.toString(shape)
              + " needs "
              + count * elementSize
              + " bytes of data but has "
              + data.remaining());
    }
    return new Tensor(name, dataType, shape, data);
  }

  private static long[] checkDims(String name, List<Long> dims) {
    if (dims.size() > MAX_RANK) {
      throw new OnnxFormatException("initializer " + name + " has rank " + dims.size());
    }
    long[] shape = new long[dims.size()];
    long count = 1;
    for (int i = 0; i < shape.length; i++) {
      long d = dims.get(i);
      if (d < 0 || d > MAX_DIM) {
        throw new OnnxFormatException("initializer " + name + " has invalid dim " + d);
      }
      shape[i] = d;
      count = Math.multiplyExact(count, Math.max(d, 1));
      if (count > Integer.MAX_VALUE) {
        throw new OnnxFormatException("initializer " + name + " is too large: " + dims);
      }
    }
    return shape;
  }

  /** Bytes per element of the data types the converter may meet; 0 for others (not checked). */
  private static int elementSize(int dataType) {
    return switch (dataType) {
      case 1, 6 -> 4; // FLOAT, INT32
      case 7, 11 -> 8; // INT64, DOUBLE
      case 10 -> 2; // FLOAT16
      case 2, 3, 9 -> 1; // UINT8, INT8, BOOL
      default -> 0;
    };
  }
}
