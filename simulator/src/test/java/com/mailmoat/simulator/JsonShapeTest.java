package com.mailmoat.simulator;

import static com.mailmoat.simulator.SimHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The shape comparison DocumentedExamplesTest relies on really reports the differences it claims to. */
class JsonShapeTest {

    private static final String DOCUMENTED = """
            {"@odata.context": "c", "value": [
              {"id": "1", "displayName": "Inbox", "count": 3, "flag": {"flagStatus": "notFlagged"}},
              {"id": "2", "displayName": "Search", "count": 1, "flag": null, "filterQuery": "x"}
            ]}""";

    @Test
    void theSameKeysWithOtherValuesMatch() {
        assertThat(JsonShape.differences(json(DOCUMENTED), json("""
                {"@odata.context": "other", "value": [{"id": "9", "displayName": "Junk", "count": 0,
                  "flag": {"flagStatus": "flagged"}}]}"""), Map.of())).isEmpty();
    }

    @Test
    void aMissingDocumentedKeyInANestedItemIsReported() {
        assertThat(JsonShape.differences(json(DOCUMENTED), json("""
                {"@odata.context": "c", "value": [{"id": "9", "displayName": "Junk", "count": 0, "flag": {}}]}"""),
                Map.of())).containsExactly("$.value[].flag: documented key 'flagStatus' missing");
    }

    @Test
    void anUndocumentedKeyIsReportedUnlessAllowedForItsPath() {
        String answer = """
                {"@odata.context": "c", "value": [{"id": "9", "displayName": "J", "count": 0, "flag": null, "extra": 1}]}""";
        assertThat(JsonShape.differences(json(DOCUMENTED), json(answer), Map.of()))
                .containsExactly("$.value[]: key 'extra' is not in the documented example (nor allowed)");
        assertThat(JsonShape.differences(json(DOCUMENTED), json(answer), Map.of("$.value[]", Set.of("extra"))))
                .isEmpty();
        assertThat(JsonShape.differences(json(DOCUMENTED), json(answer), Map.of("$", Set.of("extra")))).isNotEmpty();
    }

    @Test
    void aKeyOnlySomeDocumentedItemsHaveIsOptionalButKnown() {
        assertThat(JsonShape.differences(json(DOCUMENTED), json("""
                {"@odata.context": "c", "value": [{"id": "9", "displayName": "J", "count": 0, "flag": null,
                  "filterQuery": "y"}]}"""),
                Map.of())).isEmpty();
    }

    @Test
    void aValueOfAnotherJsonKindIsReported() {
        assertThat(JsonShape.differences(json(DOCUMENTED), json("""
                {"@odata.context": "c", "value": [{"id": "9", "displayName": "J", "count": "0", "flag": null}]}"""), Map.of()))
                .containsExactly("$.value[].count: documented as NUMBER, answered STRING (\"0\")");
    }

    @Test
    void anEmptyCollectionCannotPassForDocumentedItems() {
        assertThat(JsonShape.differences(json(DOCUMENTED), json("{\"@odata.context\": \"c\", \"value\": []}"), Map.of()))
                .containsExactly("$.value: answered an empty collection, so its items cannot be compared");
    }

    @Test
    void itemsWhoseIdsAreAllDocumentedArePairedById() {
        String documented = """
                {"responses": [{"id": "1", "status": 200, "body": {"value": []}},
                               {"id": "3", "status": 403, "body": {"error": {"code": "x"}}}]}""";
        assertThat(JsonShape.differences(json(documented), json("""
                {"responses": [{"id": "3", "status": 404, "body": {"error": {"code": "y"}}},
                               {"id": "1", "status": 200, "body": {"value": []}}]}"""), Map.of())).isEmpty();
        assertThat(JsonShape.differences(json(documented), json("""
                {"responses": [{"id": "1", "status": 200, "body": {"error": {"code": "y"}}}]}"""), Map.of()))
                .contains("$.responses[].body: documented key 'value' missing");
    }
}
