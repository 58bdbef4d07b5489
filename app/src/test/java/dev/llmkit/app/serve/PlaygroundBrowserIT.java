package dev.llmkit.app.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmkit.server.LlmkitServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The playground at {@code /} of {@code llmkit serve} with its bundled default models, driven in
 * headless Chromium as a person would use it: type, click, look. The server requires an API key,
 * which the page asks for. Screenshots land in {@code target/playground-screenshots/}.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class PlaygroundBrowserIT {

  private static final String KEY = "playground-test-key";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir static Path dataDir;

  private static ChromeDriver chrome;
  private static LlmkitServer server;
  private static String base;

  @BeforeAll
  static void startBrowserAndServer() throws Exception {
    chrome = Browser.start();
    ServeCommand command = new ServeCommand();
    command.environment = Map.of("HF_HUB_OFFLINE", "1");
    new CommandLine(command)
        .parseArgs(
            "--port", "0", "--api-key", KEY, "--documents", "--data-dir", dataDir.toString());
    server = command.start();
    base = "http://127.0.0.1:" + server.port();
    // The default models load in the background: wait until /ready says so.
    for (int i = 0; i < 600 && get("/ready").statusCode() != 200; i++) {
      Thread.sleep(500);
    }
    assertThat(get("/ready").statusCode()).as(get("/ready").body()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (chrome != null) {
      chrome.quit();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void thePageAsksForTheApiKeyThenNamesEachModelAndTheDevice() {
    chrome.get(base + "/");
    ((JavascriptExecutor) chrome).executeScript("sessionStorage.clear()");
    chrome.navigate().refresh();
    WebElement problem = waitFor(By.id("global-error"));
    waitUntil(d -> problem.isDisplayed());
    assertThat(problem.getText()).contains("needs an API key");

    useKey();
    assertThat(chrome.findElement(By.id("global-error")).isDisplayed()).isFalse();
    assertThat(chrome.findElement(By.id("server-info")).getText()).contains("running on cpu");
    chrome.findElement(By.id("tab-ner")).click();
    assertThat(chrome.findElement(By.cssSelector(".model[data-task=ner]")).getText())
        .startsWith("Model: ")
        .endsWith(" on cpu.");
  }

  @Test
  void tokenizerChipsMatchTokenizeAndHoveringAChipLightsItsCharacters() throws Exception {
    open("tokenizer");
    String text = "Tokenizers split naïve text 😀";
    type(By.id("tok-text"), text);
    submit("tok-form");
    waitUntil(d -> columns().size() == 4);

    // The first column is the server's own tokenizer: the same ids as POST /tokenize.
    JsonNode tokenize = post("/tokenize", Map.of("inputs", text)).get(0);
    assertThat(chipIds(columns().get(0))).isEqualTo(ids(tokenize));
    // Then WordPiece cased, uncased and byte-level BPE, as /tokenize/compare answers.
    JsonNode compare = post("/tokenize/compare", Map.of("inputs", text));
    for (int i = 0; i < 3; i++) {
      assertThat(columns().get(i + 1).getAttribute("data-tokenizer"))
          .isEqualTo(compare.get(i).get("model").asText());
      assertThat(chipIds(columns().get(i + 1))).isEqualTo(ids(compare.get(i).get("ids")));
    }
    // The emoji's four UTF-8 bytes are shown on the byte-level chips.
    String gpt2Bytes =
        String.join(
            " ",
            columns().get(3).findElements(By.cssSelector(".chip .bytes")).stream()
                .map(WebElement::getText)
                .toList());
    assertThat(gpt2Bytes).contains("f0 9f 98 80");

    // Hovering a chip lights exactly the characters it covers.
    WebElement cased = columns().get(1);
    JsonNode second = compare.get(0).get("tokens").get(2);
    WebElement chip = cased.findElements(By.cssSelector(".chip")).get(2);
    new Actions(chrome).moveToElement(chip).perform();
    String lit =
        String.join(
            "",
            cased.findElements(By.cssSelector(".mirror .lit")).stream()
                .map(e -> e.getAttribute("textContent"))
                .toList());
    assertThat(lit)
        .isEqualTo(
            text.substring(second.get("utf16_start").asInt(), second.get("utf16_end").asInt()));
    Browser.screenshot(chrome, "tokenizer");

    // Windows with stride: as many windows per tokenizer as the server cuts.
    chrome.findElement(By.id("tok-windows")).click();
    type(By.id("tok-max-length"), "5");
    type(By.id("tok-stride"), "1");
    submit("tok-form");
    JsonNode windows =
        post(
                "/tokenize/compare",
                Map.of("inputs", text, "max_length", 5, "stride", 1, "tokenizers", List.of("gpt2")))
            .get(0)
            .get("windows");
    assertThat(windows.size()).isGreaterThan(1);
    waitUntil(
        d -> columns().get(3).findElements(By.cssSelector(".window")).size() == windows.size());
  }

  @Test
  void entitiesAreHighlightedByTypeWithTheirScoreAndRawLabelsOnDemand() {
    open("ner");
    type(By.id("ner-text"), "Ada Lovelace worked with Charles Babbage in London.");
    new Select(chrome.findElement(By.id("ner-aggregation"))).selectByValue("simple");
    submit("ner-form");
    waitUntil(d -> !d.findElements(By.cssSelector("#ner-output mark.entity")).isEmpty());

    List<String> seen = new ArrayList<>();
    for (WebElement mark : chrome.findElements(By.cssSelector("#ner-output mark.entity"))) {
      String surface =
          (String)
              ((JavascriptExecutor) chrome)
                  .executeScript("return arguments[0].firstChild.textContent", mark);
      seen.add(mark.getAttribute("data-type") + ":" + surface);
      assertThat(mark.getAttribute("title")).matches("[A-Z]+ · score [01]\\.\\d{3}");
    }
    assertThat(seen).contains("PER:Ada Lovelace", "LOC:London");
    new Actions(chrome)
        .moveToElement(chrome.findElement(By.cssSelector("#ner-output mark.entity")))
        .perform();
    Browser.screenshot(chrome, "ner");

    chrome.findElement(By.id("ner-raw")).click();
    submit("ner-form");
    waitUntil(d -> !d.findElements(By.cssSelector("#ner-output table.raw tbody tr")).isEmpty());
    List<String> rows =
        chrome.findElements(By.cssSelector("#ner-output table.raw tbody tr")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(rows).anyMatch(r -> r.startsWith("ada B-PER") || r.startsWith("Ada B-PER"));
  }

  @Test
  void theAnswerIsMarkedInThePassageAndAnAlternativeCanBePicked() {
    open("qa");
    type(By.id("qa-question"), "Where did Ada Lovelace live?");
    type(
        By.id("qa-context"),
        "Ada Lovelace lived in London. She wrote the first published program for Charles"
            + " Babbage's Analytical Engine.");
    type(By.id("qa-top-k"), "3");
    submit("qa-form");
    WebElement answer = waitFor(By.cssSelector("#qa-output mark.answer"));
    assertThat(answer.getText()).isEqualTo("London");
    List<WebElement> choices = chrome.findElements(By.cssSelector("#qa-output .answer-choice"));
    assertThat(choices).hasSize(3);
    Browser.screenshot(chrome, "qa");

    String second = choices.get(1).findElement(By.cssSelector(".answer-text")).getText();
    choices.get(1).click();
    assertThat(chrome.findElement(By.cssSelector("#qa-output mark.answer")).getText())
        .isEqualTo(second);
    assertThat(choices.get(1).getAttribute("aria-pressed")).isEqualTo("true");
  }

  @Test
  void overIngestedDocumentsTheAnswerIsMarkedInItsSourcePassageWithTheDocumentNamed()
      throws Exception {
    HttpResponse<String> ingested =
        send(
            "/documents",
            Map.of(
                "title",
                "Lovelace notes",
                "text",
                "Ada Lovelace lived in London. She wrote the first published program for Charles"
                    + " Babbage's Analytical Engine."));
    assertThat(ingested.statusCode()).as(ingested.body()).isIn(200, 201);
    open("qa");
    WebElement fromDocuments = chrome.findElement(By.id("qa-docs-label"));
    waitUntil(d -> fromDocuments.isDisplayed());
    chrome.findElement(By.id("qa-docs")).click();
    type(By.id("qa-question"), "Where did Ada Lovelace live?");
    type(By.id("qa-top-k"), "1");
    submit("qa-form");

    WebElement answer = waitFor(By.cssSelector("#qa-output .passage mark.answer"));
    assertThat(answer.getText()).isEqualTo("London");
    assertThat(chrome.findElement(By.cssSelector("#qa-output .passage .marked")).getText())
        .startsWith("Ada Lovelace lived in London.");
    assertThat(chrome.findElement(By.cssSelector("#qa-output .source cite")).getText())
        .isEqualTo("Lovelace notes");
    Browser.screenshot(chrome, "qa-documents");
  }

  @Test
  void theFillMaskViewIsOfferedOnlyWhenTheServerListsFillMask() throws Exception {
    open("tokenizer");
    boolean listed = false;
    for (JsonNode task : getJson("/info").get("tasks")) {
      listed |=
          task.get("task").asText().equals("fill-mask")
              && !"absent".equals(task.get("state").asText());
    }
    WebElement tab = chrome.findElement(By.id("tab-fill-mask"));
    assertThat(tab.isDisplayed()).isEqualTo(listed);
    if (listed) {
      tab.click();
      type(By.id("fm-text"), "Paris is the [MASK] of France.");
      type(By.id("fm-top-k"), "4");
      submit("fm-form");
      waitUntil(d -> d.findElements(By.cssSelector("#fm-output .bar")).size() == 4);
      Browser.screenshot(chrome, "fill-mask");
    }
  }

  @Test
  void generatedTextStreamsInSeveralSteps() {
    open("generate");
    type(By.id("gen-prompt"), "It was a dark and stormy night, and");
    type(By.id("gen-max-new-tokens"), "40");
    type(By.id("gen-seed"), "7");
    // Record how many tokens are on screen each time the output changes.
    ((JavascriptExecutor) chrome)
        .executeScript(
            "window.seen = [];"
                + "new MutationObserver(() => window.seen.push("
                + "document.querySelectorAll('#gen-output .token').length))"
                + ".observe(document.getElementById('gen-output'), {childList: true});");
    submit("gen-form");
    waitUntil(d -> d.findElement(By.id("gen-status")).getText().startsWith("Done:"));

    List<?> seen = (List<?>) ((JavascriptExecutor) chrome).executeScript("return window.seen");
    long distinct = seen.stream().filter(n -> ((Number) n).longValue() > 0).distinct().count();
    assertThat(distinct).as("token counts seen while streaming: %s", seen).isGreaterThan(2);
    assertThat(chrome.findElement(By.id("gen-status")).getText())
        .matches("Done: \\d+ tokens, finished by .+\\.");
    ((JavascriptExecutor) chrome)
        .executeScript("document.getElementById('gen-status').scrollIntoView()");
    Browser.screenshot(chrome, "generate");
  }

  @Test
  void theStopButtonStopsTheGenerationOnTheServer() throws Exception {
    open("generate");
    type(By.id("gen-prompt"), "It was");
    type(By.id("gen-max-new-tokens"), "240");
    type(By.id("gen-seed"), "3");
    double before = generatedTokens();
    submit("gen-form");
    waitUntil(d -> d.findElements(By.cssSelector("#gen-output .token")).size() >= 3);
    chrome.findElement(By.id("gen-stop-button")).click();
    waitUntil(d -> d.findElement(By.id("gen-status")).getText().startsWith("Stopped after"));

    // One generation at a time runs on the server: once a short one has finished, the stopped one
    // has ended too, and every token it produced is counted.
    type(By.id("gen-max-new-tokens"), "5");
    submit("gen-form");
    waitUntil(d -> d.findElement(By.id("gen-status")).getText().startsWith("Done:"));
    String done = chrome.findElement(By.id("gen-status")).getText();
    int second = Integer.parseInt(done.replaceAll("^Done: (\\d+) tokens.*", "$1"));
    double stopped = generatedTokens() - before - second;
    assertThat(stopped).as("tokens the stopped generation produced").isBetween(3.0, 200.0);
  }

  @Test
  void theDecodingExplorerShowsEachStrategysPicksAndTheTopTenAtEachStep() {
    open("decoding");
    type(By.id("dec-prompt"), "It was a dark and stormy night, and");
    type(By.id("dec-steps"), "3");
    submit("dec-form");
    waitUntil(d -> d.findElements(By.cssSelector("#dec-output .strategy")).size() == 5);

    List<WebElement> strategies = chrome.findElements(By.cssSelector("#dec-output .strategy"));
    assertThat(strategies)
        .extracting(s -> s.getAttribute("data-strategy"))
        .containsExactly("greedy", "top-k 10", "top-p 0.9", "temperature 0.7", "temperature 1.5");
    for (WebElement strategy : strategies) {
      assertThat(strategy.findElements(By.cssSelector(".steps .chip"))).hasSizeBetween(1, 3);
    }
    // Greedy's first step is shown at once: ten tokens, most likely first, and greedy picked the
    // top.
    List<WebElement> rows = chrome.findElements(By.cssSelector("#dec-distribution li"));
    assertThat(rows).hasSize(10);
    assertThat(rows.get(0).getAttribute("class")).isEqualTo("picked");
    assertThat(chrome.findElements(By.cssSelector("#dec-distribution li.picked"))).hasSize(1);
    List<Double> percents =
        rows.stream()
            .map(
                r ->
                    Double.parseDouble(
                        r.findElement(By.cssSelector(".score")).getText().replace("%", "")))
            .toList();
    assertThat(percents).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    // Another strategy's step: its own distribution, its pick marked or named as outside the top
    // 10.
    strategies.get(4).findElements(By.cssSelector(".steps .chip")).get(0).click();
    assertThat(chrome.findElement(By.id("dec-step-title")).getText())
        .startsWith("temperature 1.5, step 1:");
    boolean marked = !chrome.findElements(By.cssSelector("#dec-distribution li.picked")).isEmpty();
    boolean named =
        chrome.findElement(By.id("dec-step-note")).getText().contains("outside the top 10");
    assertThat(marked ^ named).isTrue();
    scrollTo("dec-output");
    Browser.screenshot(chrome, "decoding");
  }

  @Test
  void theAttentionHeatMapHasOneRowAndColumnPerTokenAndClickingATokenShowsWhereItLooks()
      throws Exception {
    open("attention");
    String text = "The animal did not cross the street because it was too tired.";
    type(By.id("att-text"), text);
    new Select(chrome.findElement(By.id("att-task"))).selectByValue("ner");
    submit("att-form");
    WebElement map = waitFor(By.cssSelector("#att-map[data-rows]"));

    JsonNode expected =
        post("/attention", Map.of("inputs", text, "parameters", Map.of("task", "ner")));
    int tokens = expected.get("tokens").size();
    assertThat(map.getAttribute("data-rows")).isEqualTo(Integer.toString(tokens));
    assertThat(map.getAttribute("data-cols")).isEqualTo(Integer.toString(tokens));
    assertThat(Integer.parseInt(map.getAttribute("width")) % tokens).isZero();
    assertThat(chrome.findElements(By.cssSelector("#att-layer option")))
        .hasSize(expected.get("attentions").size());
    assertThat(chrome.findElements(By.cssSelector("#att-head option")))
        .hasSize(expected.get("attentions").get(0).size());
    List<WebElement> chips = chrome.findElements(By.cssSelector("#att-tokens button"));
    assertThat(chips).hasSize(tokens);

    chips.get(8).click();
    assertThat(chrome.findElement(By.id("att-focus-title")).getText())
        .isEqualTo("Where \"" + expected.get("tokens").get(8).asText() + "\" attends");
    assertThat(chrome.findElements(By.cssSelector("#att-focus-list li"))).hasSize(8);
    scrollTo("att-layer");
    Browser.screenshot(chrome, "attention");

    // GPT-2 looks only back: the first token attends to itself alone.
    new Select(chrome.findElement(By.id("att-task"))).selectByValue("generate");
    submit("att-form");
    waitUntil(d -> d.findElements(By.cssSelector("#att-tokens button")).size() != tokens);
    chrome.findElements(By.cssSelector("#att-tokens button")).get(0).click();
    assertThat(chrome.findElement(By.cssSelector("#att-focus-list li .score")).getText())
        .isEqualTo("100.0%");
  }

  @Test
  void onANarrowScreenNothingScrollsSideways() {
    try {
      chrome.manage().window().setSize(new Dimension(390, 844));
      open("generate");
      Long overflow =
          (Long)
              ((JavascriptExecutor) chrome)
                  .executeScript(
                      "return document.documentElement.scrollWidth"
                          + " - document.documentElement.clientWidth");
      assertThat(overflow).isLessThanOrEqualTo(0L);
      Browser.screenshot(chrome, "narrow");
    } finally {
      chrome.manage().window().setSize(new Dimension(1280, 1000));
    }
  }

  // ---- helpers ----

  /** Opens a view with the API key entered, once /info has been read. */
  private static void open(String view) {
    chrome.get(base + "/?v=" + System.nanoTime() + "#" + view); // a fresh page each time
    useKey();
    chrome.findElement(By.id("tab-" + view)).click();
  }

  private static void useKey() {
    type(By.id("api-key"), KEY);
    chrome.findElement(By.cssSelector("#key-form button")).click();
    waitUntil(d -> d.findElement(By.id("server-info")).getText().startsWith("llmkit "));
  }

  private static void scrollTo(String id) {
    ((JavascriptExecutor) chrome)
        .executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
  }

  private static void type(By field, String text) {
    WebElement element = chrome.findElement(field);
    element.clear();
    element.sendKeys(text);
  }

  private static void submit(String form) {
    chrome.findElement(By.cssSelector("#" + form + " button[type=submit]")).click();
  }

  private static List<WebElement> columns() {
    return chrome.findElements(By.cssSelector("#tok-output .column"));
  }

  private static List<Long> chipIds(WebElement column) {
    return column.findElements(By.cssSelector(":scope > .chips > .chip")).stream()
        .map(c -> Long.parseLong(c.getAttribute("data-id")))
        .toList();
  }

  private static List<Long> ids(JsonNode node) {
    List<Long> ids = new ArrayList<>();
    node.forEach(n -> ids.add(n.has("id") ? n.get("id").asLong() : n.asLong()));
    return ids;
  }

  /** Waits generously: model calls share two busy cores with other work. */
  private static WebDriverWait waiting() {
    WebDriverWait wait = new WebDriverWait(chrome, Duration.ofSeconds(180));
    wait.ignoring(StaleElementReferenceException.class); // the views re-render their output
    return wait;
  }

  private static WebElement waitFor(By locator) {
    return waiting().until(ExpectedConditions.presenceOfElementLocated(locator));
  }

  private static void waitUntil(java.util.function.Function<ChromeDriver, Boolean> condition) {
    waiting().until(d -> condition.apply(chrome));
  }

  private static double generatedTokens() throws Exception {
    return get("/metrics")
        .body()
        .lines()
        .filter(line -> line.startsWith("llmkit_generated_tokens_total "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + KEY)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode getJson(String path) throws Exception {
    return JSON.readTree(get(path).body());
  }

  private static JsonNode post(String path, Object body) throws Exception {
    HttpResponse<String> response = send(path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static HttpResponse<String> send(String path, Object body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(base + path))
            .header("Authorization", "Bearer " + KEY)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
