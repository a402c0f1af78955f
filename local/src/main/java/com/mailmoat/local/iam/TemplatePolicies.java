package com.mailmoat.local.iam;

import com.mailmoat.local.template.EventSource;
import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.StackResources;
import com.mailmoat.local.template.Template;
import com.mailmoat.local.template.TemplateException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a function's execution role as SAM would build it from the function's resource: its
 * {@code Policies} (inline statements, SAM policy templates, AWS managed policies), plus what SAM
 * adds by itself (basic execution, the poller's permissions for an SQS event source, sending to
 * its DeadLetterQueue). Values are resolved as the runtime resolves every template value.
 */
public final class TemplatePolicies {
    private static final Logger LOG = LoggerFactory.getLogger(TemplatePolicies.class);

    private TemplatePolicies() {
    }

    /**
     * The permissions of {@code function}; null when the function names a Role of its own (its
     * policies are not read here, so its calls are not checked).
     */
    public static FunctionPermissions of(StackResources stack, FunctionDefinition function, IamMode mode) {
        String id = function.logicalId();
        Map<String, Object> properties = stack.resource(id).map(Template.Resource::properties).orElse(Map.of());
        if (properties.get("Role") != null) {
            LOG.warn("{} has a Role of its own: the local runtime does not check its calls", id);
            return null;
        }
        List<Statement> statements = new ArrayList<>(statements(stack.intrinsics().resolve(properties.get("Policies")),
                id + ".Policies"));
        statements.addAll(SamPolicyTemplates.managed("AWSLambdaBasicExecutionRole"));
        if (function.events().stream().anyMatch(EventSource.Sqs.class::isInstance)) {
            statements.addAll(SamPolicyTemplates.managed("AWSLambdaSQSQueueExecutionRole"));
        }
        Object deadLetter = stack.intrinsics().resolve(properties.get("DeadLetterQueue"));
        if (deadLetter instanceof Map<?, ?> queue && "SQS".equals(queue.get("Type")) && queue.get("TargetArn") != null) {
            statements.add(Statement.allow(List.of("sqs:SendMessage"), List.of(String.valueOf(queue.get("TargetArn")))));
        }
        return new FunctionPermissions(id, function.functionName(), mode, statements);
    }

    /** The statements of a resolved {@code Policies} value: one policy or a list of them. */
    static List<Statement> statements(Object policies, String where) {
        List<Statement> statements = new ArrayList<>();
        if (policies instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                statements.addAll(policy(list.get(i), where + "[" + i + "]"));
            }
        } else if (policies != null) {
            statements.addAll(policy(policies, where));
        }
        return statements;
    }

    private static List<Statement> policy(Object policy, String where) {
        if (policy instanceof String managed) {
            List<Statement> statements = SamPolicyTemplates.managed(managed);
            if (statements == null) {
                LOG.warn("{}: managed policy {} is not known to the local runtime; it grants nothing here", where, managed);
                return List.of();
            }
            return statements;
        }
        if (!(policy instanceof Map<?, ?> map)) {
            throw new TemplateException(where + " must be a policy name, a policy document or a policy template: " + policy);
        }
        if (map.containsKey("Statement")) {
            return document(map.get("Statement"), where + ".Statement");
        }
        List<Statement> statements = new ArrayList<>();
        map.forEach((name, parameters) -> {
            String template = String.valueOf(name);
            if (!SamPolicyTemplates.isTemplate(template)) {
                LOG.warn("{}: policy template {} is not known to the local runtime; it grants nothing here", where, template);
                return;
            }
            statements.addAll(SamPolicyTemplates.expand(template,
                    parameters instanceof Map<?, ?> values ? values : Map.of(), where));
        });
        return statements;
    }

    private static List<Statement> document(Object raw, String where) {
        List<?> list = raw instanceof List<?> l ? l : List.of(raw);
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = where + "[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> statement)) {
                throw new TemplateException(at + " must be a statement: " + list.get(i));
            }
            String effect = String.valueOf(statement.get("Effect"));
            if (!effect.equals("Allow") && !effect.equals("Deny")) {
                throw new TemplateException(at + ".Effect must be Allow or Deny: " + effect);
            }
            if (statement.containsKey("Condition")) {
                LOG.warn("{}: conditions are not evaluated locally; the statement applies as if its condition held", at);
            }
            boolean notAction = statement.containsKey("NotAction");
            boolean notResource = statement.containsKey("NotResource");
            statements.add(new Statement(effect.equals("Allow"),
                    strings(statement.get(notAction ? "NotAction" : "Action"), at + ".Action"), notAction,
                    strings(statement.get(notResource ? "NotResource" : "Resource"), at + ".Resource"), notResource));
        }
        return statements;
    }

    private static List<String> strings(Object value, String where) {
        List<?> list = value instanceof List<?> l ? l : value == null ? List.of() : List.of(value);
        if (list.isEmpty()) {
            throw new TemplateException(where + " is missing");
        }
        List<String> strings = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String text)) {
                throw new TemplateException(where + " must be strings, got: " + item);
            }
            strings.add(text);
        }
        return strings;
    }
}
