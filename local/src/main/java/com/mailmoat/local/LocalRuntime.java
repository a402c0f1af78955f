package com.mailmoat.local;

/**
 * {@code java -jar mailmoat-local.jar}: the whole of Mailmoat in one JVM on 127.0.0.1 — DynamoDB
 * Local, ElasticMQ, an SES outbox and the Microsoft 365 simulator standing in for the cloud, and
 * the very handler classes of template.yaml wired to HTTP routes, queues and schedules. Prints
 * {@code Mailmoat console: http://127.0.0.1:PORT/} as its last start-up line once it is ready.
 */
public final class LocalRuntime {
    private LocalRuntime() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (java.util.List.of(args).contains("--help") || java.util.List.of(args).contains("-h")) {
            System.out.print(LocalOptions.USAGE);
            return;
        }
        // Plain one-line logs on stderr for the whole JVM (functions included), set before any logger exists.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:mailmoat-local-log4j2.xml");
        }
        LocalOptions options;
        try {
            options = LocalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(LocalOptions.USAGE);
            System.exit(2);
            return;
        }
        EmbeddedStack stack;
        try {
            stack = EmbeddedStack.start(options, System.out::println);
        } catch (Exception e) {
            System.err.println("Mailmoat local runtime failed to start: " + e.getMessage());
            e.printStackTrace();
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close, "shutdown"));
        System.out.println("Mailmoat console: " + stack.consoleUrl());
        System.out.flush();
        stack.awaitClose();
    }
}
