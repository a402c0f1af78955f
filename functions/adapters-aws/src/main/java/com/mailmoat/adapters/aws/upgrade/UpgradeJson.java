package com.mailmoat.adapters.aws.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mailmoat.core.account.Mode;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.policy.TargetedTo;
import com.mailmoat.core.upgrade.Notice;
import com.mailmoat.core.upgrade.RuleMove;
import com.mailmoat.core.upgrade.RulePosition;
import com.mailmoat.core.upgrade.StepProgress;
import com.mailmoat.core.upgrade.StepStatus;
import com.mailmoat.core.upgrade.Upgrade;
import com.mailmoat.core.upgrade.UpgradeStatus;
import com.mailmoat.core.upgrade.UpgradeStep;
import com.mailmoat.lambda.Json;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** An upgrade as one JSON document (its item's {@code upgrade} attribute), written and read by hand. */
final class UpgradeJson {
    private UpgradeJson() {
    }

    static String write(Upgrade u) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("accountId", u.accountId());
        json.put("upgradeId", u.upgradeId());
        json.put("mode", u.mode().name());
        ObjectNode targeted = json.putObject("targetedTo");
        targeted.put("everyone", u.targetedTo().everyone());
        u.targetedTo().users().forEach(targeted.putArray("users")::add);
        u.targetedTo().groups().forEach(targeted.withArray("groups")::add);
        json.put("status", u.status().name());
        ArrayNode steps = json.putArray("steps");
        u.steps().forEach(s -> steps.addObject().put("step", s.step().name()).put("status", s.status().name())
                .put("error", s.error()));
        notices(json.putArray("warnings"), u.warnings());
        notices(json.putArray("blockers"), u.blockers());
        if (u.ruleOrderBefore() != null) {
            ArrayNode order = json.putArray("ruleOrderBefore");
            u.ruleOrderBefore().forEach(r -> order.addObject().put("name", r.name()).put("priority", r.priority()));
        }
        u.installedRules().forEach(json.putArray("installedRules")::add);
        ArrayNode moves = json.putArray("rulesPushedDown");
        u.rulesPushedDown().forEach(m -> moves.addObject().put("name", m.name()).put("from", m.from()).put("to", m.to())
                .put("disclaimer", m.disclaimer()));
        if (u.directoryImported() != null) {
            json.putObject("directoryImported").put("users", u.directoryImported().users())
                    .put("groups", u.directoryImported().groups());
        }
        json.put("error", u.error());
        instant(json, "requestedAt", u.requestedAt());
        instant(json, "startedAt", u.startedAt());
        instant(json, "finishedAt", u.finishedAt());
        instant(json, "rulesSyncedAt", u.rulesSyncedAt());
        instant(json, "ruleOrderReviewedAt", u.ruleOrderReviewedAt());
        return json.toString();
    }

    static Upgrade read(String text, long version) {
        try {
            JsonNode j = Json.MAPPER.readTree(text);
            List<String> users = new ArrayList<>();
            List<String> groups = new ArrayList<>();
            j.path("targetedTo").path("users").forEach(n -> users.add(n.asText()));
            j.path("targetedTo").path("groups").forEach(n -> groups.add(n.asText()));
            TargetedTo targeted = new TargetedTo(j.path("targetedTo").path("everyone").asBoolean(true), users, groups);
            List<StepProgress> steps = new ArrayList<>();
            j.path("steps").forEach(s -> steps.add(new StepProgress(UpgradeStep.valueOf(s.path("step").asText()),
                    StepStatus.valueOf(s.path("status").asText()), text(s, "error"))));
            List<RulePosition> order = null;
            if (j.has("ruleOrderBefore")) {
                order = new ArrayList<>();
                for (JsonNode r : j.path("ruleOrderBefore")) {
                    order.add(new RulePosition(r.path("name").asText(), r.path("priority").asInt()));
                }
            }
            List<String> installed = new ArrayList<>();
            j.path("installedRules").forEach(n -> installed.add(n.asText()));
            List<RuleMove> moves = new ArrayList<>();
            j.path("rulesPushedDown").forEach(m -> moves.add(new RuleMove(m.path("name").asText(), m.path("from").asInt(),
                    m.path("to").asInt(), m.path("disclaimer").asBoolean(false))));
            return new Upgrade(j.path("accountId").asText(), j.path("upgradeId").asText(),
                    Mode.valueOf(j.path("mode").asText()), targeted, UpgradeStatus.valueOf(j.path("status").asText()),
                    steps.isEmpty() ? null : steps, notices(j.path("warnings")), notices(j.path("blockers")), order,
                    installed, moves, j.has("directoryImported") ? new DirectoryImport.Result(
                            j.path("directoryImported").path("users").asInt(), j.path("directoryImported").path("groups").asInt())
                            : null, text(j, "error"), instant(j, "requestedAt"), instant(j, "startedAt"),
                    instant(j, "finishedAt"), instant(j, "rulesSyncedAt"), instant(j, "ruleOrderReviewedAt"), version);
        } catch (IOException e) {
            throw new IllegalStateException("Unreadable upgrade item", e);
        }
    }

    private static void notices(ArrayNode array, List<Notice> notices) {
        notices.forEach(n -> array.addObject().put("code", n.code()).put("message", n.message()).put("fix", n.fix()));
    }

    private static List<Notice> notices(JsonNode array) {
        List<Notice> notices = new ArrayList<>();
        array.forEach(n -> notices.add(new Notice(n.path("code").asText(), n.path("message").asText(),
                n.path("fix").asText(""))));
        return notices;
    }

    private static void instant(ObjectNode json, String name, Instant value) {
        if (value != null) {
            json.put(name, value.toString());
        }
    }

    private static Instant instant(JsonNode json, String name) {
        String value = text(json, name);
        return value == null ? null : Instant.parse(value);
    }

    private static String text(JsonNode json, String name) {
        JsonNode node = json.path(name);
        return node.isMissingNode() || node.isNull() ? null : node.asText();
    }
}
