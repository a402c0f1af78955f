package com.mailmoat.core.notify;

/**
 * Copies the image at a branding logo address (an https URL an administrator typed), once, when it is saved.
 * Implementations refuse addresses inside private networks, follow no redirects, stop at
 * {@link LogoImage#MAX_BYTES} and keep only the image types {@link LogoImage#typeOf} recognises.
 */
public interface LogoFetcher {

    /**
     * The image at {@code httpsUrl}.
     *
     * @throws LogoUnavailableException with the reason in words an administrator can act on
     */
    LogoImage fetch(String httpsUrl);

    /** The logo could not be copied; the message says why, for the administrator. */
    final class LogoUnavailableException extends RuntimeException {
        public LogoUnavailableException(String reason) {
            super(reason);
        }
    }
}
