package com.mailmoat.core.directory;

/** Asks for an account's directory to be imported again (the directory-sync worker picks it up). */
public interface DirectoryRefreshRequests {
    void request(String accountId);
}
