package dev.heddle.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.heddle.demo.mock.MockLlmServer;
import org.junit.jupiter.api.Test;

/** Each feature reaches the vendor through its SDK, with its model, temperature and the user's id. */
class AssistantTest {

    @Test
    void eachFeatureAsksItsModelThroughItsSdkForTheUser() {
        try (MockLlmServer vendor = MockLlmServer.start()) {
            for (Feature feature : Feature.values()) {
                try (Assistant assistant = Assistant.of(feature, vendor.baseUrl())) {
                    String answer = assistant.ask("alice", "What is a heddle on a loom?");

                    assertThat(answer).startsWith(feature.model() + " answers (t=" + feature.temperature() + "): ");
                }
            }
            assertThat(vendor.stats().requestsForModel(Feature.SUPPORT.model())).isEqualTo(1);
            assertThat(vendor.stats().requestsForModel(Feature.DOCS.model())).isEqualTo(1);
            assertThat(vendor.stats().requestsForUser("alice")).isEqualTo(2);
        }
    }

    @Test
    void theSameQuestionGetsTheSameAnswerWhoeverAsks() {
        try (MockLlmServer vendor = MockLlmServer.start();
                Assistant assistant = Assistant.of(Feature.DOCS, vendor.baseUrl())) {
            assertThat(assistant.ask("bob", "What is an embedding?")).isEqualTo(assistant.ask("carol", "What is an embedding?"));
        }
    }
}
