package com.mailmoat.core.notify;

import com.mailmoat.core.validation.FieldError;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How an account's emails look: its logo (an https image URL) and accent colour. Either may be
 * absent (Mailmoat's own look is used). Values are validated when set and again when an email is
 * rendered, so a stored value that does not pass is ignored, never rendered.
 *
 * @param logoUrl     an https URL of at most {@value #MAX_LOGO_URL} characters, or null
 * @param accentColor {@code #RRGGBB}, or null
 */
public record Branding(String logoUrl, String accentColor) {
    public static final Branding NONE = new Branding(null, null);
    public static final int MAX_LOGO_URL = 500;
    /** Mailmoat's accent, used when the account has none. */
    public static final String DEFAULT_ACCENT = "#1a56db";
    private static final Pattern COLOUR = Pattern.compile("#[0-9a-fA-F]{6}");

    /** The problems with these values (empty when they are fine), in the API's field-error form. */
    public List<FieldError> problems() {
        List<FieldError> errors = new ArrayList<>();
        if (logoUrl != null && safeLogoUrl(logoUrl).isEmpty()) {
            errors.add(new FieldError("logoUrl", "must be an https:// address of an image, at most " + MAX_LOGO_URL
                    + " characters, without spaces or quotes"));
        }
        if (accentColor != null && !COLOUR.matcher(accentColor).matches()) {
            errors.add(new FieldError("accentColor", "must be a colour written #RRGGBB, e.g. #1A56DB"));
        }
        return errors;
    }

    /** The colour to render: the account's when valid, lower case; else Mailmoat's. */
    public String accentOrDefault() {
        return accentColor != null && COLOUR.matcher(accentColor).matches() ? accentColor.toLowerCase(Locale.ROOT)
                : DEFAULT_ACCENT;
    }

    /** The logo URL to render, when there is one and it is safe. */
    public Optional<String> safeLogo() {
        return logoUrl == null ? Optional.empty() : safeLogoUrl(logoUrl);
    }

    /**
     * An https URL with a host, of printable ASCII without spaces, quotes, angle brackets or
     * backslashes (nothing that could end an HTML attribute or smuggle a second URL).
     */
    static Optional<String> safeLogoUrl(String url) {
        if (url.isEmpty() || url.length() > MAX_LOGO_URL) {
            return Optional.empty();
        }
        for (char c : url.toCharArray()) {
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '\\' || c == '`') {
                return Optional.empty();
            }
        }
        try {
            URI uri = new URI(url);
            if (!"https".equals(uri.getScheme()) || uri.getHost() == null || uri.getHost().isBlank()
                    || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        return Optional.of(url);
    }
}
