package com.mailmoat.local.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mailmoat.local.lambda.SharedEnvironment;
import java.io.StringReader;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplateReaderTest {
    private Template template;
    private StackResources stack;

    @BeforeEach
    void readFixture() throws Exception {
        template = Template.load(fixture());
        stack = new StackResources(template, Map.of("ConsoleUrl", "http://127.0.0.1:9999"));
        stack.queueUrl("WorkQueue", "http://127.0.0.1:1234/000000000000/WorkQueue");
    }

    static Path fixture() throws URISyntaxException {
        return Path.of(TemplateReaderTest.class.getResource("/stack/template.yaml").toURI());
    }

    @Test
    void shortFormTagsBecomeLongFormMaps() {
        Map<String, Object> parsed = CloudFormationYaml.load(new StringReader("""
                A: !Ref Thing
                B: !GetAtt Queue.Arn
                C: !GetAtt [Queue, QueueName]
                D: !Sub "${AWS::Region}-x"
                E: !Join [",", [a, !Ref B]]
                F: !If [Cond, !Select [0, !GetAZs ""], !Base64 text]
                G: !Not [!Condition Cond]
                H: !FindInMap [M, K, V]
                I: !Split [",", "a,b"]
                J: !ImportValue Other
                K: !Equals [a, b]
                L: !GetAtt Endpoint.Address.Port
                """));
        assertThat(parsed.get("A")).isEqualTo(Map.of("Ref", "Thing"));
        assertThat(parsed.get("B")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "Arn")));
        assertThat(parsed.get("C")).isEqualTo(Map.of("Fn::GetAtt", List.of("Queue", "QueueName")));
        assertThat(parsed.get("D")).isEqualTo(Map.of("Fn::Sub", "${AWS::Region}-x"));
        assertThat(parsed.get("E")).isEqualTo(Map.of("Fn::Join", List.of(",", List.of("a", Map.of("Ref", "B")))));
        assertThat(parsed.get("F")).isEqualTo(Map.of("Fn::If", List.of("Cond",
                Map.of("Fn::Select", List.of(0, Map.of("Fn::GetAZs", ""))), Map.of("Fn::Base64", "text"))));
        assertThat(parsed.get("G")).isEqualTo(Map.of("Fn::Not", List.of(Map.of("Condition", "Cond"))));
        assertThat(parsed.get("H")).isEqualTo(Map.of("Fn::FindInMap", List.of("M", "K", "V")));
        assertThat(parsed.get("I")).isEqualTo(Map.of("Fn::Split", List.of(",", "a,b")));
        assertThat(parsed.get("J")).isEqualTo(Map.of("Fn::ImportValue", "Other"));
        assertThat(parsed.get("K")).isEqualTo(Map.of("Fn::Equals", List.of("a", "b")));
        assertThat(parsed.get("L")).isEqualTo(Map.of("Fn::GetAtt", List.of("Endpoint", "Address.Port")));
    }

    @Test
    void physicalNamesFollowNamePropertiesOrLogicalIds() {
        assertThat(stack.physicalName("ItemsTable")).isEqualTo("mailmoat-local-items");
        assertThat(stack.physicalName("WorkQueue")).isEqualTo("WorkQueue");
        assertThat(stack.physicalName("WorkDlq")).isEqualTo("fixture-work-dlq");
        assertThat(stack.physicalName("ParkedQueue")).isEqualTo("fixture-parked");
    }

    @Test
    void resourcesWhoseConditionIsFalseDoNotExist() {
        assertThat(stack.resources()).containsKey("WorkQueue").doesNotContainKey("ProdOnlyQueue");
    }

    @Test
    void functionEnvironmentResolvesRefsAttributesSubAndConditions() {
        List<FunctionDefinition> functions = FunctionDefinition.readAll(stack);
        Map<String, String> environment = SharedEnvironment.resolve(functions, stack.intrinsics());

        assertThat(environment)
                .containsEntry("ITEMS_TABLE", "mailmoat-local-items")
                .containsEntry("ITEMS_TABLE_ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/mailmoat-local-items")
                .containsEntry("WORK_QUEUE_URL", "http://127.0.0.1:1234/000000000000/WorkQueue")
                .containsEntry("WORK_QUEUE_NAME", "WorkQueue")
                .containsEntry("WORK_QUEUE_ARN", "arn:aws:sqs:us-east-1:000000000000:WorkQueue")
                .containsEntry("PICKED", "yes")
                .containsEntry("SECOND_REGION", "UK")
                .containsEntry("BATCH_LIMIT", "5")
                .containsEntry("ESCAPED", "${Literal}-000000000000")
                .containsEntry("SUB_WITH_VARS", "admin@example.com")
                .containsEntry("STAGE_NAME", "test-us-east-1")
                .containsEntry("CONSOLE_URL", "http://127.0.0.1:9999")
                // Powertools reads only the real environment: per-function settings are not shared.
                .doesNotContainKey("POWERTOOLS_SERVICE_NAME");
    }

    @Test
    void functionsCarryGlobalsHandlersAndEvents() {
        Map<String, FunctionDefinition> functions = FunctionDefinition.readAll(stack).stream()
                .collect(java.util.stream.Collectors.toMap(FunctionDefinition::logicalId, f -> f));

        FunctionDefinition echo = functions.get("EchoFunction");
        assertThat(echo.handlerClass()).isEqualTo("com.mailmoat.local.testhandlers.EchoHandler");
        assertThat(echo.timeoutSeconds()).isEqualTo(5);
        assertThat(echo.memoryMb()).isEqualTo(256);
        assertThat(echo.events()).contains(new EventSource.HttpApi("EchoById", "GET", "/echo/{id}"),
                new EventSource.HttpApi("EchoGreedy", "ANY", "/files/{proxy+}"));

        FunctionDefinition failing = functions.get("FailingFunction");
        assertThat(failing.handlerClass()).isEqualTo("com.mailmoat.local.testhandlers.FailingHandler");
        assertThat(failing.timeoutSeconds()).isEqualTo(10);

        assertThat(functions.get("WorkerFunction").events()).containsExactly(
                new EventSource.Sqs("Work", "WorkQueue", 5, 0, true, true),
                new EventSource.Schedule("Tick", "cron(0 3 * * ? *)", null, true));
    }

    @Test
    void twoFunctionsNeedingDifferentValuesForOneNameFailStartUp() {
        Map<String, Object> root = CloudFormationYaml.load(new StringReader("""
                Resources:
                  A:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.A
                      Environment: {Variables: {TABLE: one}}
                  B:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: x.B
                      Environment: {Variables: {TABLE: two}}
                """));
        StackResources conflicting = new StackResources(Template.of(root), Map.of());

        assertThatThrownBy(() -> SharedEnvironment.resolve(FunctionDefinition.readAll(conflicting),
                conflicting.intrinsics()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("TABLE").hasMessageContaining("A").hasMessageContaining("B");
    }

    @Test
    void unknownReferencesAreReportedByName() {
        Intrinsics intrinsics = stack.intrinsics();
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Ref", "NoSuchThing")))
                .hasMessageContaining("NoSuchThing");
        assertThatThrownBy(() -> intrinsics.resolve(Map.of("Fn::ImportValue", "Shared")))
                .hasMessageContaining("ImportValue");
    }

    @Test
    void noValueRemovesTheProperty() {
        Object resolved = stack.intrinsics().resolve(Map.of("Keep", "x", "Drop", Map.of("Ref", "AWS::NoValue")));
        assertThat(resolved).isEqualTo(Map.of("Keep", "x"));
    }

    @Test
    void templateIsFoundInAParentDirectory() throws Exception {
        Path deep = fixture().getParent().resolve("web/docs");
        assertThat(Template.locate(List.of(deep))).contains(fixture());
    }
}
