package com.mailmoat.simulator.internal.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant's Exchange Online mail-flow configuration: transport rules in priority order (0 first,
 * no gaps, renumbered as Exchange documents for {@code -Priority}), the ARC trusted sealers, and
 * read-only inbound / outbound connectors; plus whether Mailmoat's service principal holds an
 * Exchange role (without one, app-only admin calls are refused). Thread-safe.
 */
public final class ExchangeState {

    /** A transport rule: its name and GUID, and every other parameter as given (names case-insensitive). */
    public static final class Rule {
        private final String guid;
        private String name;
        private final Map<String, Map.Entry<String, JsonNode>> parameters = new LinkedHashMap<>();
        private Instant whenChanged;

        Rule(String guid, String name) {
            this.guid = guid;
            this.name = name;
            this.whenChanged = Instant.now();
        }

        public String guid() {
            return guid;
        }

        public String name() {
            return name;
        }

        public Instant whenChanged() {
            return whenChanged;
        }

        /** The parameters in the order first given, with the casing first given. */
        public synchronized List<Map.Entry<String, JsonNode>> parameters() {
            return List.copyOf(parameters.values());
        }

        public synchronized Optional<JsonNode> parameter(String name) {
            Map.Entry<String, JsonNode> entry = parameters.get(name.toLowerCase(Locale.ROOT));
            return entry == null ? Optional.empty() : Optional.of(entry.getValue());
        }

        synchronized void set(String parameter, JsonNode value) {
            String key = parameter.toLowerCase(Locale.ROOT);
            Map.Entry<String, JsonNode> existing = parameters.get(key);
            parameters.put(key, Map.entry(existing == null ? parameter : existing.getKey(), value));
            whenChanged = Instant.now();
        }

        void rename(String newName) {
            this.name = newName;
            this.whenChanged = Instant.now();
        }

        /** {@code Enabled} unless {@code Enabled} was set to false (or {@code State} to Disabled). */
        public boolean enabled() {
            JsonNode enabled = parameter("Enabled").orElse(null);
            if (enabled != null) {
                return enabled.isBoolean() ? enabled.asBoolean() : !"false".equalsIgnoreCase(enabled.asText())
                        && !"$false".equalsIgnoreCase(enabled.asText());
            }
            return !"Disabled".equalsIgnoreCase(parameter("State").map(JsonNode::asText).orElse("Enabled"));
        }

        /** {@code Mode}: Enforce unless given (Audit, AuditAndNotify). */
        public String mode() {
            return parameter("Mode").map(JsonNode::asText).orElse("Enforce");
        }
    }

    /** A refused cmdlet: what Exchange's exception says, and its .NET type. */
    public static final class CmdletException extends RuntimeException {
        private final String exceptionType;

        public CmdletException(String exceptionType, String message) {
            super(message);
            this.exceptionType = exceptionType;
        }

        public String exceptionType() {
            return exceptionType;
        }
    }

    private static final String NOT_FOUND = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException";
    private static final String INVALID_PARAMETER = "Microsoft.Exchange.Configuration.Tasks.ArgumentException";
    private static final String ALREADY_EXISTS = "Microsoft.Exchange.Configuration.Tasks.ManagementObjectAlreadyExistsException";

    private final String serverName;
    private final List<Rule> rules = new ArrayList<>();
    private final List<ObjectNode> inboundConnectors = new ArrayList<>();
    private final List<ObjectNode> outboundConnectors = new ArrayList<>();
    private List<String> arcTrustedSealers = new ArrayList<>();
    private volatile boolean roleAssigned = true;

    public ExchangeState(String tenantId) {
        this.serverName = "SIM" + Math.abs(tenantId.hashCode() % 900 + 100) + "MB0001.PROD.OUTLOOK.COM";
    }

    public boolean roleAssigned() {
        return roleAssigned;
    }

    public void setRoleAssigned(boolean assigned) {
        roleAssigned = assigned;
    }

    /** The rules, priority 0 first. */
    public synchronized List<Rule> rules() {
        return List.copyOf(rules);
    }

    public synchronized int priorityOf(Rule rule) {
        return rules.indexOf(rule);
    }

    /** A rule by name (case-insensitive) or GUID. */
    public synchronized Rule find(String identity) {
        return rules.stream()
                .filter(r -> r.name().equalsIgnoreCase(identity) || r.guid().equalsIgnoreCase(identity))
                .findFirst()
                .orElseThrow(() -> new CmdletException(NOT_FOUND, "The operation couldn't be performed because object '"
                        + identity + "' couldn't be found on '" + serverName + "'."));
    }

    /**
     * New-TransportRule: valid priorities for a new rule are 0 through the number of rules (the
     * default: last); the rule at that priority and every rule after it move down by one.
     */
    public synchronized Rule newRule(String name, Integer priority, Map<String, JsonNode> parameters) {
        if (name == null || name.isBlank()) {
            throw new CmdletException(INVALID_PARAMETER, "Cannot bind argument to parameter 'Name' because it is"
                    + " an empty string.");
        }
        if (name.length() > 64) {
            throw new CmdletException(INVALID_PARAMETER, "The length of the property is too long. The maximum length"
                    + " is 64 and the length of the value provided is " + name.length() + ".");
        }
        if (rules.stream().anyMatch(r -> r.name().equalsIgnoreCase(name))) {
            throw new CmdletException(ALREADY_EXISTS, "A rule with the name '" + name + "' already exists.");
        }
        int at = priority == null ? rules.size() : priority;
        if (at < 0 || at > rules.size()) {
            throw priorityOutOfRange(at, rules.size());
        }
        Rule rule = new Rule(UUID.randomUUID().toString(), name);
        parameters.forEach(rule::set);
        rules.add(at, rule);
        return rule;
    }

    /** Seeds a rule at the end (tenant.json order is priority order). */
    public synchronized Rule seedRule(String name, String guid, Map<String, JsonNode> parameters) {
        Rule rule = new Rule(guid == null ? UUID.randomUUID().toString() : guid, name);
        parameters.forEach(rule::set);
        rules.add(rule);
        return rule;
    }

    /**
     * Set-TransportRule: parameters replace the given ones; {@code -Priority} (0 through the number of
     * rules − 1) moves the rule there, the others keeping their relative order; {@code -Name} renames.
     */
    public synchronized void setRule(String identity, Integer priority, String newName, Map<String, JsonNode> parameters) {
        Rule rule = find(identity);
        if (newName != null && !newName.equalsIgnoreCase(rule.name())
                && rules.stream().anyMatch(r -> r.name().equalsIgnoreCase(newName))) {
            throw new CmdletException(ALREADY_EXISTS, "A rule with the name '" + newName + "' already exists.");
        }
        if (priority != null) {
            if (priority < 0 || priority > rules.size() - 1) {
                throw priorityOutOfRange(priority, rules.size() - 1);
            }
            rules.remove(rule);
            rules.add(priority, rule);
        }
        if (newName != null) {
            rule.rename(newName);
        }
        parameters.forEach(rule::set);
    }

    /** Remove-TransportRule: the rules after it move up by one. */
    public synchronized void removeRule(String identity) {
        rules.remove(find(identity));
    }

    public synchronized List<String> arcTrustedSealers() {
        return List.copyOf(arcTrustedSealers);
    }

    /** Set-ArcConfig -ArcTrustedSealers replaces the list; a single space clears it. */
    public synchronized void setArcTrustedSealers(List<String> sealers) {
        List<String> cleaned = new ArrayList<>();
        for (String sealer : sealers) {
            for (String part : sealer.split(",")) {
                if (!part.isBlank()) {
                    cleaned.add(part.trim());
                }
            }
        }
        arcTrustedSealers = cleaned;
    }

    public synchronized List<ObjectNode> inboundConnectors() {
        return inboundConnectors.stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized List<ObjectNode> outboundConnectors() {
        return outboundConnectors.stream().map(ObjectNode::deepCopy).toList();
    }

    public synchronized void addInboundConnector(ObjectNode connector) {
        inboundConnectors.add(connector.deepCopy());
    }

    public synchronized void addOutboundConnector(ObjectNode connector) {
        outboundConnectors.add(connector.deepCopy());
    }

    public String serverName() {
        return serverName;
    }

    private static CmdletException priorityOutOfRange(int given, int highest) {
        return new CmdletException(INVALID_PARAMETER, "The value of parameter Priority (" + given + ") is out of"
                + " range. Valid values are 0 through " + highest + ".");
    }
}
