package dev.acf.ans.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.acf.ans.resolve.SearchOptions;
import dev.acf.api.error.AcfException;
import dev.acf.api.json.AcfJson;

/**
 * Fuzzes the JSON body of {@code POST /v1/resolve} (REL-5): any bytes either become a query and
 * search options, or fail with an {@link AcfException} answering 4xx.
 */
class ResolveBodyFuzzTest {

    @FuzzTest
    void resolveBodiesBecomeQueriesOrFailWithAClientError(byte[] body) {
        try {
            ResolveBody resolve = AcfJson.read(body, ResolveBody.class);
            if (resolve == null) {
                return;
            }
            resolve.toQuery();
            resolve.options(SearchOptions.defaults());
        } catch (AcfException e) {
            assertThat(e.httpStatus()).as("%s: %s", e.code(), e.getMessage()).isBetween(400, 499);
        }
    }
}
