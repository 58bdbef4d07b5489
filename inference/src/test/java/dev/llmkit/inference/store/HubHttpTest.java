package dev.llmkit.inference.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class HubHttpTest {

  @Test
  void encodesLikeUrllibQuote() {
    // quote(revision, safe="") and quote(filename) in huggingface_hub's hf_hub_url
    assertThat(HubHttp.encode("refs/pr/1", false)).isEqualTo("refs%2Fpr%2F1");
    assertThat(HubHttp.encode("1_Pooling/config.json", true)).isEqualTo("1_Pooling/config.json");
    assertThat(HubHttp.encode("a b+c~ü", true)).isEqualTo("a%20b%2Bc~%C3%BC");
  }

  @Test
  void normalizesEtagsLikeHuggingFaceHub() {
    assertThat(HubHttp.normalizeEtag("\"abc123\"")).isEqualTo("abc123");
    assertThat(HubHttp.normalizeEtag("W/\"abc123\"")).isEqualTo("abc123");
    assertThat(HubHttp.normalizeEtag("abc123")).isEqualTo("abc123");
  }

  @Test
  void theSameHostNeedsTheSamePort() {
    assertThat(HubHttp.sameHost(URI.create("https://HF.co/x"), URI.create("https://hf.co:443")))
        .isTrue();
    assertThat(
            HubHttp.sameHost(URI.create("http://127.0.0.1:80/a"), URI.create("http://127.0.0.1")))
        .isTrue();
    assertThat(
            HubHttp.sameHost(URI.create("http://127.0.0.1:81/a"), URI.create("http://127.0.0.1")))
        .isFalse();
    assertThat(HubHttp.sameHost(URI.create("https://cdn-lfs.hf.co/a"), URI.create("https://hf.co")))
        .isFalse();
  }

  @Test
  void sizesThatAreNotNumbersAreUnknown() {
    assertThat(HubHttp.parseSize(" 42 ")).isEqualTo(42);
    assertThat(HubHttp.parseSize("-5")).isEqualTo(-1);
    assertThat(HubHttp.parseSize("lots")).isEqualTo(-1);
  }
}
