package com.mailmoat.local.web;

import com.mailmoat.local.template.Template;
import com.mailmoat.local.template.TemplateException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The headers CloudFront adds to the console's files in AWS, read from the template's response headers
 * policy ({@value #POLICY}), so the local console is answered with the same ones and they are stated once.
 */
public final class ConsoleSecurityHeaders {
    /** The template's CloudFront response headers policy for the console. */
    public static final String POLICY = "ConsoleSecurityHeaders";

    private ConsoleSecurityHeaders() {
    }

    /** Header name to value, as CloudFront would send them; none for a template without the policy (a test stack). */
    public static Map<String, List<String>> of(Template template) {
        Template.Resource policy = template.resources().get(POLICY);
        if (policy == null) {
            return Map.of();
        }
        if (!"AWS::CloudFront::ResponseHeadersPolicy".equals(policy.type())) {
            throw new TemplateException(POLICY + " in template.yaml is not an AWS::CloudFront::ResponseHeadersPolicy");
        }
        Map<String, Object> config = map(map(policy.properties(), "ResponseHeadersPolicyConfig"), "SecurityHeadersConfig");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, Object> csp = map(config, "ContentSecurityPolicy");
        if (!csp.isEmpty()) {
            headers.put("Content-Security-Policy", List.of(String.valueOf(csp.get("ContentSecurityPolicy"))));
        }
        Map<String, Object> frames = map(config, "FrameOptions");
        if (!frames.isEmpty()) {
            headers.put("X-Frame-Options", List.of(String.valueOf(frames.get("FrameOption"))));
        }
        if (config.containsKey("ContentTypeOptions")) {
            headers.put("X-Content-Type-Options", List.of("nosniff"));
        }
        Map<String, Object> referrer = map(config, "ReferrerPolicy");
        if (!referrer.isEmpty()) {
            headers.put("Referrer-Policy", List.of(String.valueOf(referrer.get("ReferrerPolicy"))));
        }
        Map<String, Object> hsts = map(config, "StrictTransportSecurity");
        if (!hsts.isEmpty()) {
            headers.put("Strict-Transport-Security", List.of("max-age=" + hsts.get("AccessControlMaxAgeSec")
                    + (Boolean.parseBoolean(String.valueOf(hsts.get("IncludeSubdomains"))) ? "; includeSubDomains" : "")
                    + (Boolean.parseBoolean(String.valueOf(hsts.get("Preload"))) ? "; preload" : "")));
        }
        return Map.copyOf(headers);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
