package com.mailmoat.local.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** One execution of a local state machine: what DescribeExecution shows, plus the states it went through. */
public final class Execution {
    public enum Status { RUNNING, SUCCEEDED, FAILED }

    private final String arn;
    private final String stateMachineArn;
    private final String name;
    private final String input;
    private final Instant startDate;
    private final List<String> states = new CopyOnWriteArrayList<>();
    private volatile Status status = Status.RUNNING;
    private volatile String output;
    private volatile String error;
    private volatile String cause;
    private volatile Instant stopDate;

    Execution(String arn, String stateMachineArn, String name, String input, Instant startDate) {
        this.arn = arn;
        this.stateMachineArn = stateMachineArn;
        this.name = name;
        this.input = input;
        this.startDate = startDate;
    }

    public String arn() { return arn; }
    public String stateMachineArn() { return stateMachineArn; }
    public String name() { return name; }
    public String input() { return input; }
    public Instant startDate() { return startDate; }
    public Status status() { return status; }
    public String output() { return output; }
    public String error() { return error; }
    public String cause() { return cause; }
    public Instant stopDate() { return stopDate; }
    /** Every state entered, in order (a retried Task appears once per attempt). */
    public List<String> states() { return List.copyOf(states); }

    void entered(String state) {
        states.add(state);
    }

    void succeeded(JsonNode result) {
        output = result == null ? "null" : result.toString();
        stopDate = Instant.now();
        status = Status.SUCCEEDED;
    }

    void failed(String errorName, String causeText) {
        error = errorName;
        cause = causeText;
        stopDate = Instant.now();
        status = Status.FAILED;
    }
}
