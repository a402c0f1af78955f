package com.mailmoat.local.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stack's physical resources: what each logical id is called here and what its Ref and
 * attributes are (table names and ARNs, queue names, URLs and ARNs, function names, ...).
 * Physical names follow the template ({@code TableName}, {@code QueueName}, {@code FunctionName})
 * and default to the logical id. Queue URLs become known once ElasticMQ has created the queues.
 */
public final class StackResources implements Intrinsics.References {
    public static final String TABLE = "AWS::DynamoDB::Table";
    public static final String QUEUE = "AWS::SQS::Queue";
    public static final String FUNCTION = "AWS::Serverless::Function";
    public static final String SECRET = "AWS::SecretsManager::Secret";

    private final Template template;
    private final Map<String, Template.Resource> resources;
    private final Intrinsics intrinsics;
    private final Map<String, String> queueUrls = new ConcurrentHashMap<>();
    private final Map<String, String> physicalNames = new ConcurrentHashMap<>();

    /**
     * @param template           the template
     * @param parameterOverrides parameter values that replace the template's defaults
     */
    public StackResources(Template template, Map<String, String> parameterOverrides) {
        this.template = template;
        this.resources = new LinkedHashMap<>(template.resources());
        this.intrinsics = new Intrinsics(template, Intrinsics.parameterValues(template, parameterOverrides), this);
        resources.values().removeIf(r -> r.condition() != null && !intrinsics.condition(r.condition()));
    }

    /** The template this stack was built from. */
    public Template template() {
        return template;
    }

    /** The evaluator bound to this stack, for properties and environment variables. */
    public Intrinsics intrinsics() {
        return intrinsics;
    }

    /** The resources that exist locally (those whose Condition is false are left out). */
    public Map<String, Template.Resource> resources() {
        return resources;
    }

    /** The resource with this logical id, if it exists locally. */
    public Optional<Template.Resource> resource(String logicalId) {
        return Optional.ofNullable(resources.get(logicalId));
    }

    /** The resource's physical name: its name property when set, else the logical id (with ".fifo" for a FIFO queue). */
    public String physicalName(String logicalId) {
        return physicalNames.computeIfAbsent(logicalId, id -> {
            Template.Resource resource = require(id);
            String property = switch (resource.type()) {
                case TABLE -> "TableName";
                case QUEUE -> "QueueName";
                case FUNCTION, "AWS::Lambda::Function" -> "FunctionName";
                case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine", SECRET -> "Name";
                default -> null;
            };
            Object value = property == null ? null : resource.properties().get(property);
            if (value == null && resource.type().equals(QUEUE)
                    && "true".equalsIgnoreCase(String.valueOf(resource.properties().get("FifoQueue")))) {
                // CloudFormation names an unnamed FIFO queue with the ".fifo" suffix SQS requires.
                return id + ".fifo";
            }
            return value == null ? id : intrinsics.resolveString(value, id + "." + property);
        });
    }

    /** Records the URL ElasticMQ gave the queue with this logical id. */
    public void queueUrl(String logicalId, String url) {
        queueUrls.put(logicalId, url);
    }

    /** The queue's ARN, as Fn::GetAtt Queue.Arn gives it. */
    public String queueArn(String logicalId) {
        return arn("sqs", physicalName(logicalId));
    }

    @Override
    public boolean exists(String logicalId) {
        return resources.containsKey(logicalId) || functionAlias(logicalId) != null;
    }

    /**
     * SAM's {@code !Ref Function.Alias} / {@code Function.Version} (with AutoPublishAlias): the function
     * whose published alias is meant, or null when {@code reference} is not one.
     */
    private String functionAlias(String reference) {
        int dot = reference.lastIndexOf('.');
        if (dot < 0 || !(reference.endsWith(".Alias") || reference.endsWith(".Version"))) {
            return null;
        }
        Template.Resource resource = resources.get(reference.substring(0, dot));
        return resource != null && resource.type().equals(FUNCTION) ? resource.logicalId() : null;
    }

    @Override
    public Object ref(String logicalId) {
        String aliased = functionAlias(logicalId);
        if (aliased != null && !resources.containsKey(logicalId)) {
            // Locally every function has one version: the alias ARN is the function's, qualified.
            return arn("lambda", "function:" + physicalName(aliased) + ":live");
        }
        Template.Resource resource = require(logicalId);
        return switch (resource.type()) {
            case QUEUE -> {
                String url = queueUrls.get(logicalId);
                if (url == null) {
                    throw new TemplateException("Queue " + logicalId + " has no URL yet (queues not created)");
                }
                yield url;
            }
            case "AWS::Serverless::StateMachine", "AWS::StepFunctions::StateMachine" -> stateMachineArn(logicalId);
            case "AWS::Serverless::HttpApi", "AWS::ApiGatewayV2::Api" -> "local";
            // As in AWS, a secret's Ref is its ARN (Secrets Manager adds six characters to the name).
            case SECRET -> arn("secretsmanager", "secret:" + physicalName(logicalId) + "-local");
            default -> physicalName(logicalId);
        };
    }

    @Override
    public Object getAtt(String logicalId, String attribute) {
        Template.Resource resource = require(logicalId);
        String name = physicalName(logicalId);
        return switch (resource.type() + "." + attribute) {
            case TABLE + ".Arn" -> arn("dynamodb", "table/" + name);
            case TABLE + ".StreamArn" -> arn("dynamodb", "table/" + name + "/stream/local");
            case QUEUE + ".Arn" -> queueArn(logicalId);
            case QUEUE + ".QueueName" -> name;
            case QUEUE + ".QueueUrl" -> ref(logicalId);
            case FUNCTION + ".Arn", "AWS::Lambda::Function.Arn" -> arn("lambda", "function:" + name);
            case "AWS::Serverless::StateMachine.Arn", "AWS::StepFunctions::StateMachine.Arn" -> stateMachineArn(logicalId);
            case "AWS::Serverless::StateMachine.Name", "AWS::StepFunctions::StateMachine.Name" -> name;
            default -> attribute.equals("Arn") ? arn("local", logicalId) : logicalId + "." + attribute;
        };
    }

    private String stateMachineArn(String logicalId) {
        return arn("states", "stateMachine:" + physicalName(logicalId));
    }

    private static String arn(String service, String resource) {
        return "arn:aws:" + service + ":" + Intrinsics.REGION + ":" + Intrinsics.ACCOUNT_ID + ":" + resource;
    }

    private Template.Resource require(String logicalId) {
        Template.Resource resource = resources.get(logicalId);
        if (resource == null) {
            throw new TemplateException("Unknown resource: " + logicalId);
        }
        return resource;
    }
}
