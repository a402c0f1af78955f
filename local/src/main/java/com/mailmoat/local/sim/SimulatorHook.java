package com.mailmoat.local.sim;

import com.mailmoat.local.LocalOptions;
import com.mailmoat.local.demo.DemoAccount;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Microsoft 365 side of the local stack: starts the simulator in-process, loads its tenants,
 * and hands the functions the settings that point the Graph / MSAL / DNS adapters at it. With
 * {@code --demo} it also creates the demo console login once the functions' configuration is set.
 */
public final class SimulatorHook implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatorHook.class);
    /** The demo tenant's domain when no simulator tenant is generated. */
    static final String FALLBACK_DEMO_DOMAIN = "contoso-demo.example";

    private final LocalOptions options;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private String demoDomain = FALLBACK_DEMO_DOMAIN;
    private String demoCompany = "Contoso Demo";

    private SimulatorHook(LocalOptions options) {
        this.options = options;
    }

    /**
     * Starts the simulator when the options need it and prints its start-up lines to {@code out}.
     *
     * @param data       the data directory, or null in memory
     * @param consoleUrl the console URL, for the sign-in redirect URI
     */
    public static SimulatorHook start(LocalOptions options, Path data, String consoleUrl, Consumer<String> out) {
        SimulatorHook hook = new SimulatorHook(options);
        // SIMULATOR HOOK: the in-process simulator is wired here once com.mailmoat.simulator is available.
        if (options.demo() || !options.simTenants().isEmpty() || options.simFaults() != null) {
            LOG.warn("The Microsoft 365 simulator is not available in this build; --sim-* options are ignored");
        }
        return hook;
    }

    /** System properties for the functions (simulator URLs, client credentials, DNS resolver). */
    public Map<String, String> systemProperties() {
        return properties;
    }

    /** After the functions' configuration is set: creates the demo login and prints it. */
    public void afterStart(Consumer<String> out) {
        if (options.demo()) {
            DemoAccount.Login login = DemoAccount.create(demoDomain, demoCompany);
            out.accept("Demo console login: " + login.email() + " " + login.password());
        }
    }

    @Override
    public void close() {
        // Nothing runs until the simulator is wired in.
    }
}
