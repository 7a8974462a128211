package dev.acf.ans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.acf.ans.auth.BootstrapTokens;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator console's static files (ANS-MON-1) as the ANS serves them: types, caching, CSP, errors. */
class ConsoleServingTest {
    @TempDir
    Path data;

    private AnsServer start() {
        return AnsServer.builder().domain("ops.example.net").dataDirectory(data).adminToken("console-test-admin-token-0123456789")
                .bootstrapToken("console-test-bootstrap-0001", BootstrapTokens.Use.REUSABLE).semanticResolution(false).build().start();
    }

    @Test
    void pageIsServedWithAStrictContentSecurityPolicyAndNoInlineScript() {
        try (AnsServer ans = start()) {
            AnsHttp.Answer page = new AnsHttp(ans.baseUri()).get("/console/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
            String csp = page.header("Content-Security-Policy");
            assertThat(csp).contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(page.text()).contains("<script type=\"module\" src=\"console.js\"></script>")
                    .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>") // every script is a file: CSP would block inline ones
                    .doesNotContain(" on" + "click=", "style=\"");
        }
    }

    @Test
    void scriptsAndStylesCarryTheirTypeAndRevalidateByEntityTag() throws Exception {
        try (AnsServer ans = start()) {
            AnsHttp http = new AnsHttp(ans.baseUri());
            for (String file : new String[] {"console.js", "graph.js", "api.js"}) {
                AnsHttp.Answer script = http.get("/console/" + file);
                assertThat(script.status()).as(file).isEqualTo(200);
                assertThat(script.header("Content-Type")).isEqualTo("text/javascript; charset=utf-8");
                assertThat(script.text()).as(file).doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(");
            }
            AnsHttp.Answer css = http.get("/console/console.css");
            assertThat(css.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
            assertThat(css.header("Cache-Control")).isEqualTo("no-cache");
            String etag = css.header("ETag");
            assertThat(etag).startsWith("\"").endsWith("\"");

            AnsHttp.Answer again = http.send(HttpRequest.newBuilder(ans.baseUri().resolve("/console/console.css")).header("If-None-Match", etag).GET());
            assertThat(again.status()).isEqualTo(304);
            assertThat(again.raw().body()).isEmpty();
        }
    }

    @Test
    void bareConsolePathRedirectsToTheDirectorySoRelativeLinksResolve() {
        try (AnsServer ans = start()) {
            AnsHttp.Answer answer = new AnsHttp(ans.baseUri()).get("/console");
            assertThat(answer.status()).isEqualTo(308);
            assertThat(answer.header("Location")).isEqualTo("/console/");
        }
    }

    @Test
    void unknownFilesTraversalAndOtherMethodsAreJsonErrors() {
        try (AnsServer ans = start()) {
            AnsHttp http = new AnsHttp(ans.baseUri());
            for (String path : new String[] {"/console/missing.js", "/console/..%2Fhttp%2Fopenapi.yaml", "/console/a/b"}) {
                AnsHttp.Answer answer = http.get(path);
                assertThat(answer.status()).as(path).isEqualTo(404);
                assertThat(answer.errorCode()).isEqualTo("not_found");
            }
            AnsHttp.Answer post = http.post("/console/", null, "{}");
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("Allow")).isEqualTo("GET");
        }
    }
}
