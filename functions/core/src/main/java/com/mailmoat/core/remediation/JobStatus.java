package com.mailmoat.core.remediation;

/** A remediation job is running until every one of its messages has an outcome. */
public enum JobStatus {
    RUNNING,
    COMPLETED
}
