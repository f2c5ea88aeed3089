package io.haven.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavendConfig;
import io.haven.daemon.metrics.HavenMetrics;
import io.haven.protocol.data.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The status page in a real browser: Debian's headless Chromium loads it from a real server over a node kept in
 * memory, and the tests read the rendered DOM. Skipped when {@code /usr/bin/chromium} is missing ({@code bin/test}
 * installs it). The last test leaves a screenshot in {@code target/status-page.png}, or where the system property
 * {@value #SCREENSHOT_PROPERTY} says.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatusPageBrowserTest {
    static final String SCREENSHOT_PROPERTY = "haven.screenshot";
    private static final int WAIT_SECONDS = 20;

    private static Chromium chromium;

    private FakeNodeView node;
    private HavenHttpServer server;
    private Chromium.Page page;

    @BeforeAll
    static void launch() throws Exception {
        Assumptions.assumeTrue(
                Chromium.installed(),
                Chromium.BINARY + " is missing: the status page is not tested in a browser (apt-get install chromium;"
                        + " bin/test installs it)");
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void open() throws Exception {
        node = new FakeNodeView();
        node.put("/app/config/color", "blue");
        node.put("/app/config/replicas", "3");
        node.put("/app/feature/dark-mode", "on");
        node.promise("/app/orders/1001", Map.of("customer", "ada"));
        node.promise("/app/orders/1002", Map.of("customer", "grace"));
        node.task("/app/jobs/reindex", TaskState.ACQUIRED);
        HavenMetrics metrics = HavenMetrics.create(FakeNodeView.UUID, "test");
        metrics.observe(node);
        server = HavenHttpServer.start(HavendConfig.HostPort.parse("127.0.0.1:0"), node, metrics);
        page = chromium.open();
        page.navigate(new Http(server.address()).uri("/"));
    }

    @AfterEach
    void close() {
        server.close();
    }

    private void awaitLoaded() throws Exception {
        page.await(
                "the node's uuid shows",
                "document.getElementById('node-uuid').textContent === " + Json.write(FakeNodeView.UUID),
                WAIT_SECONDS);
    }

    @Test
    void thePageShowsTheNodesUuidAndItsQuorumWithItsLeader() throws Exception {
        awaitLoaded();
        page.await(
                "quorum main shows", "document.querySelector('#quorum-rows tr[data-quorum=\"main\"]')", WAIT_SECONDS);
        String row =
                (String) page.evaluate("document.querySelector('#quorum-rows tr[data-quorum=\"main\"]').innerText");
        assertTrue(row.contains("LEADER"), row);
        assertTrue(row.contains(FakeNodeView.UUID.substring(0, 8)), row);
        assertEquals("ready", page.evaluate("document.getElementById('ready-badge').textContent"));
    }

    @Test
    void aWriteShowsInTheLiveViewAndInTheQuorumsRevision() throws Exception {
        awaitLoaded();
        page.await(
                "the live view is watching",
                "document.getElementById('live-status').textContent.startsWith('watching')",
                WAIT_SECONDS);
        node.put("/app/config/color", "green");
        page.await(
                "the change shows in the live view",
                "[...document.querySelectorAll('#changes tr')].some(tr => tr.dataset.key === '/app/config/color'"
                        + " && tr.innerText.includes('green'))",
                WAIT_SECONDS);
        long revision = node.quorums().get(0).revision();
        page.await(
                "the quorum's revision moves to " + revision,
                "document.querySelector('[data-revision=\"main\"]').textContent === '" + revision + "'",
                WAIT_SECONDS);
    }

    @Test
    void theBrowserFindsKeysByPrefixAndShowsOneInDetail() throws Exception {
        awaitLoaded();
        page.evaluate("document.getElementById('search-kind').value = 'kv';"
                + "document.getElementById('search-kind').dispatchEvent(new Event('change'));"
                + "document.getElementById('search-prefix').value = '/app/config/';"
                + "document.querySelector('#search-form button').click(); true");
        page.await(
                "two keys are found",
                "document.querySelectorAll('#results-rows tr[data-id]').length === 2",
                WAIT_SECONDS);
        page.evaluate("document.querySelector('#results-rows tr[data-id=\"/app/config/replicas\"]').click(); true");
        page.await(
                "the key's detail shows",
                "document.getElementById('detail').textContent.includes('\"key\": \"/app/config/replicas\"')",
                WAIT_SECONDS);
        node.promise("/app/orders/1003", Map.of("customer", "linus"));
        page.await(
                "the new promise shows in the live view",
                "document.querySelector('#changes tr[data-key=\"/app/orders/1003\"]')",
                WAIT_SECONDS);
        screenshot();
    }

    private void screenshot() throws Exception {
        byte[] png = page.screenshot();
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "not a PNG");
        Path out = Path.of(System.getProperty(SCREENSHOT_PROPERTY, "target/status-page.png"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, png);
    }
}
