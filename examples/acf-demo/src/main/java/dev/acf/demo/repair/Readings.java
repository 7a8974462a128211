package dev.acf.demo.repair;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.acf.api.error.ValidationException;
import dev.acf.demo.agent.Payload;
import dev.acf.demo.network.Channel;
import dev.acf.demo.network.Indicator;
import dev.acf.demo.network.SimulatedNetwork;
import java.util.ArrayList;
import java.util.List;

/** Reads requested indicators through one channel into the {@code values}/{@code missing} answer shape. */
final class Readings {
    private Readings() {}

    /** Returns the indicators a request names in its {@code indicators} array. */
    static List<Indicator> requested(JsonNode request) {
        List<Indicator> indicators = new ArrayList<>();
        for (JsonNode key : request.path("indicators")) {
            indicators.add(Indicator.byKey(key.asText())
                    .orElseThrow(() -> new ValidationException("unknown indicator '" + key.asText() + "'")));
        }
        return indicators;
    }

    /** Reads {@code indicators} for a subscriber; fills {@code values} and lists the ones not obtained in {@code missing}. */
    static void read(SimulatedNetwork network, String subscriberId, List<Indicator> indicators, Channel channel,
            int attempt, ObjectNode values, List<String> missing) {
        for (Indicator indicator : indicators) {
            network.read(subscriberId, indicator, channel, attempt).ifPresentOrElse(
                    value -> values.set(indicator.key(), Payload.of(value)), () -> missing.add(indicator.key()));
        }
    }

    /** Copies the fields of {@code source} into {@code target} when {@code source} is an object. */
    static void merge(ObjectNode target, JsonNode source) {
        if (source instanceof ObjectNode object) {
            target.setAll(object);
        }
    }

    /** Returns the answer: {@code values} and {@code missing}. */
    static ObjectNode answer(String agent, String summary, ObjectNode values, List<String> missing) {
        ObjectNode answer = Payload.reply(agent, summary);
        answer.set("values", values);
        answer.set("missing", Payload.of(missing));
        return answer;
    }
}
