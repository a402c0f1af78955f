package com.mailmoat.core.upgrade;

import com.mailmoat.core.account.ConcurrentUpdateException;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/** Each account's upgrade (one at a time, in the Jobs table). */
public interface UpgradeRepository {

    Optional<Upgrade> find(String accountId);

    /**
     * Saves an upgrade read at {@code upgrade.version()} (0 for one that replaces nothing), returning it
     * at its new version.
     *
     * @throws ConcurrentUpdateException when someone else saved it first
     */
    Upgrade save(Upgrade upgrade);

    /** How often {@link #update(String, Predicate, UnaryOperator)} reads and applies its change before it gives up. */
    int UPDATE_ATTEMPTS = 5;

    /**
     * Reads the account's upgrade, and if it is the one {@code which} accepts, applies {@code change} and saves the
     * result; when someone else saved first (a step of the workflow, a rule sync), reads it again and applies the
     * change to what they saved. The change may run more than once, so it only computes; one that returns the very
     * upgrade it was given saves nothing.
     *
     * @return the upgrade as stored now; empty when there is none or {@code which} refuses it
     * @throws ConcurrentUpdateException when it kept changing for {@value #UPDATE_ATTEMPTS} attempts
     */
    default Optional<Upgrade> update(String accountId, Predicate<Upgrade> which, UnaryOperator<Upgrade> change) {
        for (int attempt = 1; ; attempt++) {
            Optional<Upgrade> read = find(accountId).filter(which);
            if (read.isEmpty()) {
                return read;
            }
            Upgrade changed = change.apply(read.get());
            if (changed == read.get()) {
                return read;
            }
            try {
                return Optional.of(save(changed));
            } catch (ConcurrentUpdateException e) {
                if (attempt >= UPDATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Forgets the account's upgrade if it is still as read ({@code upgrade.version()}): a request withdrawn
     * while it waits for consent, which must not remove one that consent started meanwhile.
     *
     * @return false when it changed (or went) since it was read; nothing is deleted then
     */
    boolean deleteIfUnchanged(Upgrade upgrade);

    /** Forgets the account's upgrade (offboarding). */
    void delete(String accountId);
}
