package com.mailmoat.local.iam;

/**
 * Which function the current thread works for, so the SDK calls it makes are checked against
 * that function's permissions. Set around each invocation; inherited by the threads a function
 * starts (its worker pools), since those work for it too.
 */
public final class IamContext {
    private static final InheritableThreadLocal<FunctionPermissions> CURRENT = new InheritableThreadLocal<>();

    private IamContext() {
    }

    /** The permissions the current thread's calls are held to, or null (the runtime's own work). */
    public static FunctionPermissions current() {
        return CURRENT.get();
    }

    /** Makes {@code permissions} (null: none) the current thread's until {@link #restore}; returns the previous. */
    public static FunctionPermissions enter(FunctionPermissions permissions) {
        FunctionPermissions previous = CURRENT.get();
        CURRENT.set(permissions);
        return previous;
    }

    /** Puts back what {@link #enter} returned. */
    public static void restore(FunctionPermissions previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
