package io.automove.console;

import io.automove.localstack.LocalLauncher;
import io.automove.localstack.LocalStack;
import io.automove.testing.Stack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The help articles' story played in a real browser (Debian's headless Chromium), through the console's screens
 * only, against the local stack: the firm sets up a pipeline with Automove jobs and Send client request (making
 * the template with New template), a job enters the stage, its request shows in the job card's Linked > Client
 * requests, a second request is linked from the account's list with Link to job and Save, the client submits
 * both on the portal page, and the board shows the job in the next stage; then a job with an unfinished request
 * is moved by hand and the move prompt's cancel is taken. Screenshots of the board, the job card and the move
 * prompt go to docs/screens; axe-core finds no serious or critical violation on those screens.
 */
class ConsoleStoryIT {
    private static LocalLauncher launcher;
    private static ChromeDriver driver;
    private static WebDriverWait wait;
    private static String base;

    @BeforeAll
    static void start() throws IOException {
        launcher = LocalLauncher.start("127.0.0.1", 0, null, Stack.TEMPLATE, LocalStack.LOCAL_WEBHOOK_SECRET);
        base = launcher.url().toString();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("browser.chromium", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en-US", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1440, 1000));
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class); // a screen or the picker drawn again meanwhile
    }

    @AfterAll
    static void stop() {
        if (driver != null) driver.quit();
        if (launcher != null) launcher.close();
    }

    @Test
    void theFirmsStory_throughTheScreensOnly_endsWithTheJobInTheNextStage_andAMovePromptsCancel() throws Exception {
        try {
            story();
        } catch (Throwable e) {
            // what the browser showed when it failed: target/console-failure.png and the page's text
            Files.createDirectories(Path.of("target"));
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/console-failure.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            throw new AssertionError("at " + driver.getCurrentUrl() + ", the page said:\n"
                    + driver.findElement(By.tagName("body")).getText(), e);
        }
    }

    private void story() throws Exception {
        // a firm, made on the start screen (locally the user id is the sign-in)
        open("/#/start");
        type(field(main(), "Firm name"), "Bianchi Tax Advisors");
        field(main(), "Your user id").clear();
        type(field(main(), "Your user id"), "anna");
        click(button(main(), "Create firm"));
        heading("Pipelines");
        assertThat(new Select(driver.findElement(By.id("local-user"))).getFirstSelectedOption().getText()).startsWith("anna");

        // an account, on the Accounts screen
        click(driver.findElement(By.linkText("Accounts")));
        heading("Accounts");
        type(field(main(), "Account name"), "Rossi & Co");
        type(field(main(), "Contact name"), "Maria Rossi");
        type(field(main(), "Contact email"), "maria@rossi.example");
        click(button(main(), "Create account"));
        wait.until(d -> main().getText().contains("Client requests"));

        // the pipeline
        click(driver.findElement(By.linkText("Pipelines")));
        heading("Pipelines");
        type(field(main(), "Pipeline name"), "Tax return");
        click(button(main(), "Create pipeline"));
        heading("Tax return");
        String board = driver.getCurrentUrl();

        // the last stage refuses Automove jobs, and says why
        click(main().findElement(By.cssSelector("a[aria-label='Settings of Done']")));
        heading("Done: stage settings");
        assertThat(field(main(), "Automove jobs").isEnabled()).isFalse();
        assertThat(main().getText()).contains("The last stage has no next stage to move jobs to");
        driver.navigate().back();
        heading("Tax return");

        // Missing info: Automove jobs, and Send client request with a New template made in place
        click(main().findElement(By.cssSelector("a[aria-label='Settings of Missing info']")));
        heading("Missing info: stage settings");
        click(field(main(), "Automove jobs"));
        click(button(main(), "New template"));
        WebElement dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        type(field(dialog, "Template name"), "Missing documents");
        type(field(dialog, "Email subject"), "Documents for your tax return");
        type(field(dialog, "Message to the client"), "Please send us these.");
        type(field(dialog, "Item"), "Bank statements");
        new Select(field(dialog, "Kind")).selectByVisibleText("File upload");
        click(button(dialog, "Save template"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog[open]")));
        assertThat(new Select(field(main(), "Template")).getFirstSelectedOption().getText()).isEqualTo("Missing documents");
        click(button(main(), "Add"));
        click(button(main(), "Save"));
        wait.until(d -> main().getText().contains("Saved Missing info."));
        assertThat(main().getText()).contains("Send client request: Missing documents");

        // a job, made on the board, is dragged into Missing info
        driver.get(board);
        heading("Tax return");
        newJob("Tax return 2025");
        dragTo("Tax return 2025", "Intake", "Missing info");
        refreshUntil(() -> card("Missing info", "Tax return 2025").getText().contains("1 unfinished"));

        // its job card: Linked > Client requests shows the request the stage made
        click(card("Missing info", "Tax return 2025").findElement(By.linkText("Tax return 2025")));
        heading("Tax return 2025");
        WebElement linked = main().findElement(By.cssSelector("section.linked"));
        assertThat(linked.findElement(By.tagName("h2")).getText()).isEqualTo("Linked");
        assertThat(linked.findElement(By.tagName("h3")).getText()).startsWith("Client requests");
        assertThat(linked.getText()).contains("Missing documents").contains("Unfinished");
        button(linked, "Link");
        assertThat(linked.findElement(By.linkText("New")).getAttribute("href")).contains("#/requests/new?");
        screen("job-card");

        // a second request, written on the create-client-request screen from the account's list ...
        click(main().findElement(By.linkText("Rossi & Co")));
        heading("Rossi & Co: client requests");
        click(main().findElement(By.linkText("New client request")));
        heading("New client request");
        type(field(main(), "Title"), "One more question");
        type(field(main(), "Message to the client"), "Did you have any foreign income?");
        type(field(main(), "Item"), "Foreign income?");
        click(button(main(), "Create and send"));
        heading("One more question");
        click(main().findElement(By.linkText("Rossi & Co")));
        heading("Rossi & Co: client requests");
        // ... linked to the job from the account's list: Link to job, pick the job, Save
        click(main().findElement(By.cssSelector("button[aria-label='Link to job: One more question']")));
        dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        click(field(dialog, "Tax return 2025 (Tax return, Missing info)"));
        click(button(dialog, "Save"));
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("dialog[open]")));
        WebElement row = main().findElement(By.xpath(".//tr[.//a[normalize-space()='One more question']]"));
        assertThat(row.getText()).contains("Tax return 2025").contains("Tax return");

        // the client submits both on the portal page, from the emails in the outbox
        open("/#/outbox");
        heading("Outbox");
        List<String> links = new ArrayList<>();
        for (WebElement a : main().findElements(By.linkText("Open the client portal page"))) links.add(a.getAttribute("href"));
        assertThat(links).hasSize(2);
        for (String link : links) {
            driver.get(link);
            for (WebElement answer : driver.findElements(By.tagName("textarea"))) type(answer, "statements.pdf");
            click(button(driver, "Submit"));
            wait.until(d -> d.findElement(By.tagName("body")).getText().contains("The webhook answered 200"));
        }

        // the board shows the job in the next stage, moved by itself
        driver.get(board);
        heading("Tax return");
        refreshUntil(() -> column("Review").getText().contains("Tax return 2025"));

        // a second job with an unfinished request, moved by hand: the prompt lists it; cancel is taken
        newJob("Tax return 2025 - second");
        moveByMenu("Tax return 2025 - second", "Missing info");
        refreshUntil(() -> card("Missing info", "Tax return 2025 - second").getText().contains("1 unfinished"));
        screen("board");
        moveByMenu("Tax return 2025 - second", "Review");
        dialog = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("dialog[open]")));
        assertThat(dialog.getText()).contains("Move Tax return 2025 - second to Review?").contains("Missing documents");
        button(dialog, "Keep linked");
        button(dialog, "Unlink");
        screen("move-prompt");
        click(button(dialog, "Cancel requests"));
        refreshUntil(() -> column("Review").getText().contains("Tax return 2025 - second"));
        click(card("Review", "Tax return 2025 - second").findElement(By.linkText("Tax return 2025 - second")));
        heading("Tax return 2025 - second");
        assertThat(main().findElement(By.cssSelector("section.linked")).getText()).contains("Missing documents").contains("Cancelled");
        // its activity trail tells the story, oldest first, with who or what did each step
        refreshUntil(() -> main().findElement(By.cssSelector("ol.activity")).getText().contains("ClientRequestCancelled"));
        assertThat(main().findElements(By.cssSelector("ol.activity li"))).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).contains("JobStageChanged (created) by"))
                .anySatisfy(t -> assertThat(t).contains("ClientRequestCreated by automation"))
                .anySatisfy(t -> assertThat(t).contains("ClientRequestSent (request) by Automove"))
                .anySatisfy(t -> assertThat(t).contains("JobStageChanged (manual) by"));
        WebElement trail = main().findElement(By.cssSelector("ol.activity")).findElement(By.xpath(".."));
        assertThat(trail.findElements(By.tagName("button"))).as("no Show more when the trail has no next page")
                .noneMatch(WebElement::isDisplayed);
        String jobCard = driver.getCurrentUrl();

        // the owner adds an employee on the Team screen; signed in as him (not on the account's team), the same
        // job card is refused, and the screen says so in words
        click(driver.findElement(By.linkText("Team")));
        heading("Team");
        type(field(main(), "User id"), "marco");
        click(button(main(), "Add member"));
        wait.until(d -> new Select(d.findElement(By.id("local-user"))).getOptions().stream().anyMatch(o -> o.getText().startsWith("marco")));
        wait.until(d -> {
            new Select(d.findElement(By.id("local-user"))).selectByValue("marco");
            return true;
        });
        driver.get(jobCard);
        heading("This screen could not be shown");
        assertThat(main().findElement(By.cssSelector("[role=alert]")).getText()).isNotBlank().doesNotContain("undefined");
        assertThat(main().findElements(By.cssSelector("section.linked"))).isEmpty();
    }

    // ---- screens

    private static void open(String path) {
        driver.get(base + path);
    }

    private static WebElement main() { return driver.findElement(By.id("main")); }

    /** Waits for the screen whose h1 is this text. */
    private static void heading(String text) {
        wait.until(d -> {
            try {
                return d.findElements(By.cssSelector("main h1")).stream().anyMatch(h -> h.getText().equals(text));
            } catch (StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /** The control a label names (by the label's for=): what a screen reader would announce. */
    private static WebElement field(SearchContext in, String label) {
        WebElement l = wait.until(d -> in.findElements(By.xpath(".//label[normalize-space()=" + quote(label) + "]"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
        return driver.findElement(By.id(l.getAttribute("for")));
    }

    private static WebElement button(SearchContext in, String name) {
        return wait.until(d -> in.findElements(By.xpath(".//button[normalize-space()=" + quote(name) + "]"))
                .stream().filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    private static WebElement column(String stage) {
        return main().findElement(By.xpath(".//section[contains(@class,'column')][h2[starts-with(normalize-space(), "
                + quote(stage + " ") + ")]]"));
    }

    private static WebElement card(String stage, String title) {
        return column(stage).findElement(By.xpath(".//li[contains(@class,'jobcard')][.//h3[normalize-space()=" + quote(title) + "]]"));
    }

    private static void newJob(String title) {
        click(main().findElement(By.xpath(".//summary[normalize-space()='New job']")));
        type(field(main(), "Job title"), title);
        new Select(field(main(), "Account")).selectByVisibleText("Rossi & Co");
        click(button(main(), "Create job"));
        wait.until(d -> {
            try {
                return !column("Intake").findElements(By.linkText(title)).isEmpty();
            } catch (RuntimeException e) {
                return false;
            }
        });
    }

    private static void moveByMenu(String title, String stage) {
        WebElement menu = main().findElement(By.cssSelector("select[aria-label=" + quote(("Move " + title + " to stage")) + "]"));
        new Select(menu).selectByVisibleText(stage);
        click(main().findElement(By.cssSelector("button[aria-label=" + quote("Move " + title) + "]")));
    }

    /**
     * Drags a card onto a column with the HTML drag-and-drop events a mouse drag fires (WebDriver's own drag
     * does not fire them in Chromium).
     */
    private static void dragTo(String title, String fromStage, String toStage) {
        driver.executeScript("const [card, column] = arguments; const data = new DataTransfer();"
                + "card.dispatchEvent(new DragEvent('dragstart', {dataTransfer: data, bubbles: true}));"
                + "column.dispatchEvent(new DragEvent('dragover', {dataTransfer: data, bubbles: true, cancelable: true}));"
                + "column.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true, cancelable: true}));",
                card(fromStage, title), column(toStage));
    }

    private static void refreshUntil(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                if (condition.getAsBoolean()) return;
            } catch (RuntimeException notYet) {
                // the screen is still being drawn
            }
            if (System.nanoTime() > until) throw new AssertionError("not on the screen after 30 s: " + main().getText());
            Thread.sleep(300);
            driver.navigate().refresh();
            wait.until(d -> !d.findElements(By.cssSelector("main h1")).isEmpty());
        }
    }

    private static void type(WebElement input, String text) { input.sendKeys(text); }

    private static void click(WebElement element) { element.click(); }

    private static String quote(String s) { return "'" + s + "'"; }

    /** A screenshot into docs/screens, and axe-core's rules on the page as it is. */
    private static void screen(String name) throws IOException {
        Path dir = Path.of(System.getProperty("browser.screens", "target/screens"));
        Files.createDirectories(dir);
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), dir.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(axeViolations()).as("axe-core: serious or critical violations on " + name).isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static List<String> axeViolations() throws IOException {
        JavascriptExecutor js = driver;
        js.executeScript(axeSource());
        Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join(', '))))"
                + ".catch(e => done(['axe failed: ' + e]));");
        return (List<String>) result;
    }

    private static String axe;

    private static String axeSource() throws IOException {
        if (axe == null) {
            try (InputStream in = ConsoleStoryIT.class.getResourceAsStream("/axe.min.js")) {
                if (in == null) throw new IllegalStateException("axe.min.js is not on the class path (profile browser)");
                axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return axe;
    }

}
