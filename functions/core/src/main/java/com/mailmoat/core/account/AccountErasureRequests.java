package com.mailmoat.core.account;

/** Asks for a closed account's data to be erased (the account-erasure queue); repeatable. */
public interface AccountErasureRequests {
    void request(String accountId);
}
