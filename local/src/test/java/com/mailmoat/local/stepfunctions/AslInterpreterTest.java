package com.mailmoat.local.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ASL interpreter on the real upgrade definition, with the tasks played by the test. */
class AslInterpreterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("mailmoat.root", "..")).toAbsolutePath().normalize();

    private final List<String> calls = new ArrayList<>();
    private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
    private final Map<String, String> failWith = new ConcurrentHashMap<>();
    private boolean ready = true;

    private JsonNode definition() throws Exception {
        String text = Files.readString(ROOT.resolve("statemachine/upgrade.asl.json"));
        for (String task : List.of("ValidatePrerequisites", "RecordTransportRuleOrder", "InstallTransportRules",
                "ImportUsersAndGroups", "CreateMailSubscriptions", "SwitchMode", "NotifyComplete", "UpgradeFailed")) {
            text = text.replace("${" + task + "FunctionArn}", "arn:aws:lambda:us-east-1:000000000000:function:" + task + ":live");
        }
        return AslInterpreter.parse(text);
    }

    private Execution run() throws Exception {
        Execution execution = new Execution("arn", "sm", "x", "{}", Instant.now());
        new AslInterpreter(definition(), (arn, input, timeout) -> {
            String task = LocalStateMachines.functionName(arn);
            calls.add(task + " " + input);
            AtomicInteger left = failuresLeft.get(task);
            if (left != null && left.getAndDecrement() > 0) {
                throw new AslException(failWith.get(task), "{\"errorMessage\":\"boom\"}");
            }
            return task.equals("ValidatePrerequisites") ? JSON.valueToTree(Map.of("ready", ready, "extra", 1))
                    : JSON.valueToTree(Map.of("ok", true));
        }, 0.0).run(JSON.readTree("{\"accountId\":\"a\",\"upgradeId\":\"u\"}"), execution);
        return execution;
    }

    @Test
    void theHappyPathRunsEveryTaskOnceInOrderWithTheirParameters() throws Exception {
        Execution execution = run();
        assertThat(execution.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(calls).extracting(c -> c.split(" ")[0]).containsExactly("ValidatePrerequisites",
                "RecordTransportRuleOrder", "InstallTransportRules", "ImportUsersAndGroups", "CreateMailSubscriptions",
                "SwitchMode", "NotifyComplete");
        assertThat(calls.get(2)).contains("{\"accountId\":\"a\",\"upgradeId\":\"u\"}");
        JsonNode output = JSON.readTree(execution.output());
        assertThat(output.path("prerequisites").toString()).isEqualTo("{\"ready\":true}"); // ResultSelector
        assertThat(output.path("accountId").asText()).isEqualTo("a"); // ResultPath kept the input
    }

    @Test
    void aBlockerTakesTheChoiceToTheFailurePathBeforeAnyChange() throws Exception {
        ready = false;
        Execution execution = run();
        assertThat(execution.status()).isEqualTo(Execution.Status.FAILED);
        assertThat(execution.error()).isEqualTo("Mailmoat.UpgradeFailed");
        assertThat(calls).extracting(c -> c.split(" ")[0]).containsExactly("ValidatePrerequisites", "UpgradeFailed");
        assertThat(calls.get(1)).contains("Mailmoat.PrerequisitesNotMet");
        assertThat(execution.states()).contains("PrerequisitesMet", "PrerequisitesNotMet", "UpgradeStopped");
    }

    @Test
    void throttlingAndCrashesAreRetriedAndOtherErrorsAreCaught() throws Exception {
        failuresLeft.put("InstallTransportRules", new AtomicInteger(2));
        failWith.put("InstallTransportRules", "com.mailmoat.upgrade.TransientStepException");
        failuresLeft.put("ImportUsersAndGroups", new AtomicInteger(1));
        failWith.put("ImportUsersAndGroups", "Lambda.Unknown");
        failuresLeft.put("SwitchMode", new AtomicInteger(1));
        failWith.put("SwitchMode", "com.mailmoat.upgrade.StepFailedException");

        Execution execution = run();

        assertThat(calls).extracting(c -> c.split(" ")[0]).containsExactly("ValidatePrerequisites",
                "RecordTransportRuleOrder", "InstallTransportRules", "InstallTransportRules", "InstallTransportRules",
                "ImportUsersAndGroups", "ImportUsersAndGroups", "CreateMailSubscriptions", "SwitchMode", "UpgradeFailed");
        assertThat(calls.get(calls.size() - 1)).contains("com.mailmoat.upgrade.StepFailedException").contains("boom");
        assertThat(execution.status()).isEqualTo(Execution.Status.FAILED);
    }

    @Test
    void retriesStopAtMaxAttempts() throws Exception {
        failuresLeft.put("RecordTransportRuleOrder", new AtomicInteger(100));
        failWith.put("RecordTransportRuleOrder", "com.mailmoat.upgrade.TransientStepException");
        run();
        assertThat(calls.stream().filter(c -> c.startsWith("RecordTransportRuleOrder"))).hasSize(7); // 1 + 6 retries
        assertThat(calls.get(calls.size() - 1)).startsWith("UpgradeFailed");
    }

    @Test
    void waitAndPassAndSucceedWork() throws Exception {
        JsonNode definition = JSON.readTree("""
                {"StartAt":"W","States":{
                  "W":{"Type":"Wait","Seconds":1,"Next":"P"},
                  "P":{"Type":"Pass","Parameters":{"x.$":"$.a","y":2},"ResultPath":"$.p","Next":"C"},
                  "C":{"Type":"Choice","Choices":[{"And":[{"Variable":"$.p.x","StringEquals":"hi"},
                       {"Not":{"Variable":"$.p.y","NumericEquals":3}}],"Next":"S"}],"Default":"F"},
                  "S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"E"}}}""");
        Execution execution = new Execution("arn", "sm", "x", "{}", Instant.now());
        new AslInterpreter(definition, (a, i, t) -> null, 0.0).run(JSON.readTree("{\"a\":\"hi\"}"), execution);
        assertThat(execution.status()).isEqualTo(Execution.Status.SUCCEEDED);
        assertThat(JSON.readTree(execution.output()).path("p").toString()).isEqualTo("{\"x\":\"hi\",\"y\":2}");
    }
}
