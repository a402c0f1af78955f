/**
 * Microsoft 365 adapters: the core's {@code com.mailmoat.core.microsoft} ports implemented with the
 * Graph SDK 6 ({@code GraphServiceClient} on one shared OkHttp client) and MSAL4J (one static
 * {@code ConfidentialClientApplication} per client and tenant authority, so app tokens come from
 * its cache). Build everything once with {@link com.mailmoat.adapters.m365.MicrosoftAdapters} in the function's wiring;
 * configuration names are listed on {@link com.mailmoat.adapters.m365.MicrosoftConfig}.
 *
 * <p>Failure handling, in one place each: the SDK's retry handler waits out 429/503/504 within
 * {@link com.mailmoat.adapters.m365.RetryPolicy} (fractional {@code Retry-After} included), a 401
 * gets one fresh token and one repeat, and what remains becomes the core's typed exceptions.
 */
package com.mailmoat.adapters.m365;
