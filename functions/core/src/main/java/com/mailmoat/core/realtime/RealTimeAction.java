package com.mailmoat.core.realtime;

/** What the real-time check did with a message. */
public enum RealTimeAction {
    /** Judged clean (or flagged where the policy says to do nothing): left alone. */
    PASSED,
    /** Flagged and recorded as a detection (Monitor, or Protect where the policy records). */
    RECORDED,
    /** Flagged and handed to remediation to be moved to quarantine (Protect). */
    QUARANTINED
}
