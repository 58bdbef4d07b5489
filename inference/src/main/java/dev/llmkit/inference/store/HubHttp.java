package dev.llmkit.inference.store;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Small HTTP helpers of the Hub client, mirroring {@code huggingface_hub}'s. */
final class HubHttp {

  private static final Logger LOG = LoggerFactory.getLogger(HubHttp.class);

  private HubHttp() {}

  /** {@code urllib.parse.quote}: percent-encodes all but unreserved characters (and '/'). */
  static String encode(String text, boolean keepSlash) {
    StringBuilder sb = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '-'
              || c == '.'
              || c == '_'
              || c == '~'
              || (keepSlash && c == '/');
      if (unreserved) {
        sb.append((char) c);
      } else {
        sb.append('%').append(String.format(Locale.ROOT, "%02X", c));
      }
    }
    return sb.toString();
  }

  /** {@code _normalize_etag}: drops a weak {@code W/} prefix and the quotes. */
  static String normalizeEtag(String etag) {
    String e = etag.strip();
    if (e.startsWith("W/")) {
      e = e.substring(2);
    }
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  static long parseSize(String value) {
    try {
      long size = Long.parseLong(value.strip());
      return size >= 0 ? size : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  static long contentRangeStart(HttpResponse<?> response) {
    // "bytes 100-199/200"
    String range = response.headers().firstValue("Content-Range").orElse("");
    if (!range.startsWith("bytes ")) {
      return -1;
    }
    int dash = range.indexOf('-');
    if (dash < 0) {
      return -1;
    }
    return parseSize(range.substring("bytes ".length(), dash));
  }

  static boolean isRedirect(int status) {
    return status >= 300 && status < 400;
  }

  static boolean sameHost(URI a, URI b) {
    return Objects.equals(lower(a.getHost()), lower(b.getHost())) && port(a) == port(b);
  }

  static String lower(String host) {
    return host == null ? null : host.toLowerCase(Locale.ROOT);
  }

  static int port(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.trace("ignored close failure", e);
    }
  }
}
