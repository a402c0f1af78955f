package com.mailmoat.core.notify;

import java.util.Optional;

/** Each account's copy of its logo image (beside its profile), served to the console instead of the logo address. */
public interface LogoStore {

    Optional<LogoImage> find(String accountId);

    void save(String accountId, LogoImage logo);

    void delete(String accountId);
}
