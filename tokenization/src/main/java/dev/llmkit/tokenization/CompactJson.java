package dev.llmkit.tokenization;

/**
 * A minimal streaming JSON writer that produces the compact layout of Rust's {@code serde_json} (no
 * whitespace, non-ASCII written raw, control characters as lowercase {@code \\u00xx}), so that a
 * generated {@code tokenizer.json} can be byte-identical to one written by Hugging Face {@code
 * tokenizers}. The caller is responsible for well-formed nesting.
 */
final class CompactJson {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final StringBuilder out;
  private boolean needComma;

  CompactJson(int capacity) {
    out = new StringBuilder(capacity);
  }

  CompactJson beginObject() {
    comma();
    out.append('{');
    needComma = false;
    return this;
  }

  CompactJson endObject() {
    out.append('}');
    needComma = true;
    return this;
  }

  CompactJson beginArray() {
    comma();
    out.append('[');
    needComma = false;
    return this;
  }

  CompactJson endArray() {
    out.append(']');
    needComma = true;
    return this;
  }

  /** Writes {@code "name":}; the value follows with the next call. */
  CompactJson name(String name) {
    comma();
    string(name);
    out.append(':');
    needComma = false;
    return this;
  }

  CompactJson value(String s) {
    comma();
    if (s == null) {
      out.append("null");
    } else {
      string(s);
    }
    needComma = true;
    return this;
  }

  CompactJson value(long n) {
    comma();
    out.append(n);
    needComma = true;
    return this;
  }

  CompactJson value(boolean b) {
    comma();
    out.append(b);
    needComma = true;
    return this;
  }

  CompactJson nullValue() {
    comma();
    out.append("null");
    needComma = true;
    return this;
  }

  @Override
  public String toString() {
    return out.toString();
  }

  private void comma() {
    if (needComma) {
      out.append(',');
    }
  }

  private void string(String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
