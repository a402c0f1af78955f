package com.mailmoat.core.activity;

/** What an activity log entry records: a stable code the console and API clients can filter or word on. */
public enum ActivityKind {
    MODE_CHANGE_REQUESTED,
    MODE_CHANGE_WITHDRAWN,
    MODE_CHANGED,
    UPGRADE_REQUESTED,
    UPGRADE_CANCELLED,
    UPGRADE_COMPLETED,
    UPGRADE_FAILED,
    MICROSOFT_365_CONNECTED,
    /** Microsoft refused Mailmoat's access to the tenant (consent removed, app deleted or disabled). */
    MICROSOFT_ACCESS_DENIED,
    OFFBOARDED,
    POLICY_CREATED,
    POLICY_CHANGED,
    POLICY_DELETED,
    SENDER_LIST_ENTRY_ADDED,
    SENDER_LIST_ENTRIES_REMOVED,
    SENDER_LIST_IMPORTED,
    SENDER_LIST_REPLACED,
    REMOVAL_STARTED,
    RELEASE_STARTED,
    NOT_A_THREAT,
    MISSED_THREAT_REPORTED,
    ALERT_RECIPIENT_ADDED,
    ALERT_RECIPIENT_REMOVED,
    PASSWORD_CHANGED,
    TWO_STEP_ON,
    TWO_STEP_OFF,
    RECOVERY_CODES_REPLACED,
    COMPANY_NAME_CHANGED,
    BRANDING_CHANGED,
    EMAIL_CHOICES_CHANGED
}
