package com.mailmoat.core.account;

/** Asks for an erasure pass (the account-erasure queue); repeatable. */
public interface AccountErasureRequests {
    void request(ErasureRequest request);
}
