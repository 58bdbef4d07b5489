package dev.llmkit.inference.nn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The archive {@code torch.jit.save} writes for a module of one class, {@code __torch__.Kernels},
 * with no parameters, buffers or constants: {@code data.pkl} (the pickled module object), {@code
 * code/__torch__.py} (its TorchScript source), {@code constants.pkl} and {@code version}, stored
 * uncompressed. libtorch compiles the source when it loads the archive.
 */
final class TorchScriptArchive {

  /**
   * {@code Kernels()} with {@code training = True}, pickled (protocol 2) as {@code torch.jit.save}
   * does.
   */
  private static final byte[] MODULE_PICKLE = modulePickle();

  /** An empty tuple: the module has no constants. */
  private static final byte[] CONSTANTS_PICKLE = {(byte) 0x80, 2, ')', '.'};

  /**
   * The format version: 10, as {@code torch.jit.save} writes for code calling {@code gelu(...,
   * approximate=...)}. Below it the loader reads operators with their old schemas (upgraders),
   * which lack that argument.
   */
  static final String VERSION = "10";

  private TorchScriptArchive() {}

  private static byte[] modulePickle() {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.writeBytes(new byte[] {(byte) 0x80, 2}); // PROTO 2
    p.writeBytes("c__torch__\nKernels\n".getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    p.writeBytes(new byte[] {'q', 0, ')', (byte) 0x81, '}'}); // BINPUT, EMPTY_TUPLE, NEWOBJ, {}
    p.writeBytes(new byte[] {'X', 8, 0, 0, 0}); // BINUNICODE of 8 bytes
    p.writeBytes("training".getBytes(StandardCharsets.US_ASCII));
    p.writeBytes(new byte[] {'q', 1, (byte) 0x88, 's', 'b', '.'}); // BINPUT, True, SETITEM, BUILD
    return p.toByteArray();
  }

  /** Writes the archive of a {@code Kernels} class whose TorchScript code is {@code source}. */
  static void write(String source, OutputStream out) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      stored(zip, "kernels/data.pkl", MODULE_PICKLE);
      stored(zip, "kernels/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
      stored(zip, "kernels/constants.pkl", CONSTANTS_PICKLE);
      stored(zip, "kernels/version", (VERSION + "\n").getBytes(StandardCharsets.US_ASCII));
    }
  }

  private static void stored(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(bytes);
    zip.closeEntry();
  }
}
