package io.leasehold.dhcp.ha;

import java.util.Map;

/** The curated Kea 2.2 captures in {@code src/test/resources/kea-captures}. */
final class Captures {
    private Captures() {
    }

    /** Raw JSON body of {@code NN-<case>-request.json} or {@code -response.json}. */
    static String body(String name) {
        return HaNode.resource("/kea-captures/" + name + ".json");
    }

    static String response(String item) {
        return body(item + "-response");
    }

    static Map<String, Object> request(String item) {
        return InMemoryPeerClient.parse(body(item + "-request"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> requestArguments(String item) {
        return (Map<String, Object>) request(item).get("arguments");
    }

    /** The first answer map of a captured response. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> answer(String item) {
        return (Map<String, Object>) ((java.util.List<Object>) InMemoryPeerClient.parse(response(item))).get(0);
    }
}
