package dev.acf.ans.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IntentTextTest {
    @Test
    void ruledOutTopicsAreDropped() {
        assertThat(IntentText.withoutNegatedTopics("It's not a billing issue, the line is dead")).doesNotContain("billing").contains("line is dead");
        assertThat(IntentText.withoutNegatedTopics("Don't try to sell me a router — the Wi-Fi cuts out")).doesNotContain("router");
        assertThat(IntentText.withoutNegatedTopics("不是账单问题，宽带断了")).doesNotContain("账单").contains("宽带断了");
    }

    @Test
    void requestsTheCallerDeniesMakingAreDropped() {
        assertThat(IntentText.withoutNegatedTopics("I'm not ringing about money. The internet has been off since 7am"))
                .doesNotContain("money").contains("internet has been off");
        assertThat(IntentText.withoutNegatedTopics("It's not the Wi-Fi \u2014 even on a cable I only get 20 Mbps")).doesNotContain("Wi-Fi").contains("20 Mbps");
        // A typographic apostrophe, as phones type it.
        assertThat(IntentText.withoutNegatedTopics("I\u2019m not switching carriers, I just want a cheaper plan"))
                .doesNotContain("carriers").contains("cheaper plan");
        assertThat(IntentText.withoutNegatedTopics("No new quote needed, tell me why the line install is late"))
                .doesNotContain("quote").contains("install is late");
    }

    @Test
    void symptomsPhrasedWithNotAreKept() {
        assertThat(IntentText.withoutNegatedTopics("my router is not working")).isEqualTo("my router is not working");
        assertThat(IntentText.withoutNegatedTopics("since Monday I'm not getting any signal")).isEqualTo("since Monday I'm not getting any signal");
        // "not a" must be the article: "not always" denies nothing.
        assertThat(IntentText.withoutNegatedTopics("the line is fine but it's not always fast enough for gaming"))
                .isEqualTo("the line is fine but it's not always fast enough for gaming");
    }

    @Test
    void multiNeedIntentsSplitIntoClausesWithContent() {
        assertThat(IntentText.clauses("Poor mobile signal and unstable broadband at home", 2))
                .containsExactly("Poor mobile signal", "unstable broadband at home");
        assertThat(IntentText.clauses("slow broadband", 2)).containsExactly("slow broadband");
    }

    @Test
    void theBuiltInGlossaryReadsKaAloneAsACardAndAfterAnAdverbAsLag() throws Exception {
        ChineseGlossary glossary;
        try (InputStreamReader in = new InputStreamReader(ChineseGlossary.class.getResourceAsStream("telecom-glossary-zh-en.tsv"),
                StandardCharsets.UTF_8)) {
            glossary = ChineseGlossary.read(in, "built-in");
        }

        assertThat(glossary.translate("有人冒名补办了我的卡")).contains("card").doesNotContain("lag");
        assertThat(glossary.translate("看视频老是卡")).contains("lagging").doesNotContain("card");
    }

    @Test
    void glossaryTranslatesLongestTermsFirstAndKeepsLatinRuns() {
        ChineseGlossary glossary = ChineseGlossary.read(new StringReader("光猫\tONT; optical modem\n光\tlight\n红灯\tred light\n"), "test");

        assertThat(glossary.translate("光猫红灯ALM-1025")).isEqualTo("ONT optical modem red light ALM-1025");
    }
}
