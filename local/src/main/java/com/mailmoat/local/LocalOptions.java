package com.mailmoat.local;

import com.mailmoat.local.iam.IamMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The command line of the local runtime.
 *
 * @param port        console port on 127.0.0.1 (0 picks a free one)
 * @param dataDir     where tables, queued messages and the outbox persist; null with in-memory
 * @param template    template.yaml to run, or null to look for it
 * @param demo        seed a demo tenant and console account
 * @param simTenants  extra simulator tenant directories to load
 * @param simFaults   the simulator's fault specification, or null
 * @param settings    function configuration overriding the template's values ({@code --set NAME=VALUE})
 * @param iam         whether each function is held to the IAM permissions of its template resource
 *                    ({@code --iam}; enforced unless told otherwise)
 */
public record LocalOptions(int port, Path dataDir, Path template, boolean demo, List<Path> simTenants,
                           String simFaults, Map<String, String> settings, IamMode iam) {

    public LocalOptions {
        simTenants = List.copyOf(simTenants);
        settings = Map.copyOf(settings);
        Objects.requireNonNull(iam, "iam");
    }

    public LocalOptions(int port, Path dataDir, Path template, boolean demo, List<Path> simTenants, String simFaults,
                        Map<String, String> settings) {
        this(port, dataDir, template, demo, simTenants, simFaults, settings, IamMode.ENFORCE);
    }

    public LocalOptions(int port, Path dataDir, Path template, boolean demo, List<Path> simTenants, String simFaults) {
        this(port, dataDir, template, demo, simTenants, simFaults, Map.of());
    }

    /** The default console port. */
    public static final int DEFAULT_PORT = 8080;
    /**
     * The default data directory: per user, outside any checkout ({@code ~/.mailmoat/data}), so a
     * clean or a fresh clone keeps the local accounts and a checkout never holds them.
     */
    public static final Path DEFAULT_DATA_DIR = Path.of(System.getProperty("user.home"), ".mailmoat", "data");

    public static final String USAGE = """
            Usage: java -jar local/target/mailmoat-local.jar [options]
              --port N            console port on 127.0.0.1 (default 8080; 0 picks a free port)
              --data-dir DIR      keep tables, queued messages and sent emails in DIR (default ~/.mailmoat/data)
              --in-memory         keep everything in memory (for tests)
              --template PATH     the SAM template to run (default: template.yaml found upwards)
              --demo              a ready console login connected to a demo Microsoft 365 tenant (first Threat
                                  Scan started), plus a second, unconnected demo tenant to try the consent on
              --sim-tenant DIR    load a simulator tenant directory (repeatable)
              --sim-faults SPEC   simulator faults, e.g. throttle=0.3,unavailable=0.05,latencyMs=40
              --set NAME=VALUE    override one function setting of template.yaml, e.g. --set SCAN_PAGE_SIZE=20
                                  (repeatable; tests use MAILMOAT_TEST_CRASH_SCAN_PAGES=N to crash N scan pages
                                  between recording detections and committing the cursor, and
                                  MAILMOAT_LOCAL_SCHEDULE_SECONDS.<Function>.<Event>=N to run a schedule every N s,
                                  e.g. MAILMOAT_LOCAL_SCHEDULE_SECONDS.CatchUpScheduleFunction.CatchUp=10)
              --iam MODE          hold each function to the IAM Policies of its template resource: enforce (default:
                                  a call they do not allow fails with AccessDenied, as in AWS), warn (log it once,
                                  let it through) or off
            """;

    /** Options in memory on a free port, for tests. */
    public static LocalOptions inMemory(Path template) {
        return new LocalOptions(0, null, template, false, List.of(), null);
    }

    /** Parses the command line; throws {@link IllegalArgumentException} with the problem. */
    public static LocalOptions parse(String... args) {
        int port = DEFAULT_PORT;
        Path dataDir = DEFAULT_DATA_DIR;
        boolean inMemory = false;
        boolean dataDirGiven = false;
        Path template = null;
        boolean demo = false;
        List<Path> tenants = new ArrayList<>();
        String faults = null;
        Map<String, String> settings = new LinkedHashMap<>();
        IamMode iam = IamMode.ENFORCE;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--port" -> {
                    try {
                        port = Integer.parseInt(value(args, ++i, arg));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("--port needs a number");
                    }
                    if (port < 0 || port > 65535) {
                        throw new IllegalArgumentException("--port must be 0..65535");
                    }
                }
                case "--data-dir" -> {
                    dataDir = Path.of(value(args, ++i, arg));
                    dataDirGiven = true;
                }
                case "--in-memory" -> inMemory = true;
                case "--template" -> template = Path.of(value(args, ++i, arg));
                case "--demo" -> demo = true;
                case "--sim-tenant" -> tenants.add(Path.of(value(args, ++i, arg)));
                case "--sim-faults" -> faults = value(args, ++i, arg);
                case "--set" -> {
                    String setting = value(args, ++i, arg);
                    int eq = setting.indexOf('=');
                    if (eq <= 0) {
                        throw new IllegalArgumentException("--set needs NAME=VALUE");
                    }
                    settings.put(setting.substring(0, eq), setting.substring(eq + 1));
                }
                case "--iam" -> iam = IamMode.parse(value(args, ++i, arg));
                default -> throw new IllegalArgumentException("Unknown option: " + arg);
            }
        }
        if (inMemory && dataDirGiven) {
            throw new IllegalArgumentException("--data-dir and --in-memory exclude each other");
        }
        return new LocalOptions(port, inMemory ? null : dataDir, template, demo, tenants, faults, settings, iam);
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length || args[index].startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
