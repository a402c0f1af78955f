package com.mailmoat.adapters.m365;

import com.microsoft.graph.models.CompanySubscriptionCollectionResponse;
import com.microsoft.graph.models.DomainCollectionResponse;
import com.microsoft.graph.models.MessageCollectionResponse;
import com.microsoft.graph.models.Subscription;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.Parsable;
import com.microsoft.kiota.serialization.ParsableFactory;
import com.microsoft.kiota.serialization.ParseNodeFactoryRegistry;
import java.io.ByteArrayInputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * SnapStart priming of the Graph SDK without a request to Microsoft: build the requests the
 * gateways send (URI templates, query parameters, headers) and parse answers shaped like Graph's
 * through the SDK's JSON parse nodes into its models.
 */
final class GraphPriming {
    private static final String USERS = """
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#users(id,userPrincipalName,mail,displayName)",
             "@odata.nextLink":"https://graph.microsoft.com/v1.0/users?$select=id&$top=1&$skiptoken=priming",
             "value":[{"id":"00000000-0000-0000-0000-000000000001","userPrincipalName":"priming@priming.invalid",
                       "mail":"priming@priming.invalid","displayName":"Priming"}]}""";
    private static final String DOMAINS = """
            {"value":[{"id":"priming.invalid","isVerified":true,"isDefault":true,"isInitial":false,
                       "authenticationType":"Managed","supportedServices":["Email"]}]}""";
    private static final String SUBSCRIPTIONS = """
            {"value":[{"id":"00000000-0000-0000-0000-000000000002","commerceSubscriptionId":"priming",
                       "isTrial":false,"skuPartNumber":"ENTERPRISEPACK","status":"Enabled","totalLicenses":25,
                       "createdDateTime":"2026-01-01T00:00:00Z","nextLifecycleDateTime":"2027-01-01T00:00:00Z"}]}""";
    private static final String MESSAGES = """
            {"value":[{"id":"AAMkAD-priming","internetMessageId":"<priming@priming.invalid>","subject":"Priming",
                       "receivedDateTime":"2026-01-01T00:00:00Z","hasAttachments":false,
                       "from":{"emailAddress":{"name":"Priming","address":"priming@priming.invalid"}},
                       "parentFolderId":"AAMkAD-inbox"}]}""";
    private static final String SUBSCRIPTION = """
            {"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#subscriptions/$entity",
             "id":"00000000-0000-0000-0000-000000000003","resource":"users/priming/messages","changeType":"created",
             "notificationUrl":"https://priming.invalid/api/graph/notifications",
             "expirationDateTime":"2026-01-01T00:00:00Z","notificationContentType":"application/json"}""";
    private static final String ERROR = """
            {"error":{"code":"ApplicationThrottled","message":"Application is over its MailboxConcurrency limit.",
                      "innerError":{"date":"2026-01-01T00:00:00","request-id":"priming","client-request-id":"priming"}}}""";

    private GraphPriming() {
    }

    static void run(GraphServiceClient graph) {
        try {
            build(graph.users().toGetRequestInformation(request -> {
                request.queryParameters.select = GraphUsers.FIELDS;
                request.queryParameters.top = 999;
            }));
            build(graph.users().byUserId("priming").messages().toGetRequestInformation(request -> {
                request.queryParameters.filter = "receivedDateTime ge " + Instant.EPOCH;
                request.queryParameters.top = 50;
                request.headers.add("Prefer", "IdType=\"ImmutableId\"");
            }));
            build(graph.users().byUserId("priming").messages().byMessageId("priming").toGetRequestInformation(request -> {
                request.queryParameters.select = GraphMessageLookup.FIELDS;
                request.headers.add("Prefer", "IdType=\"ImmutableId\"");
            }));
            Subscription subscription = new Subscription();
            subscription.setChangeType("created");
            subscription.setResource("users/priming/messages");
            subscription.setExpirationDateTime(OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC));
            build(graph.subscriptions().toPostRequestInformation(subscription,
                    request -> request.headers.add("Prefer", "IdType=\"ImmutableId\"")));
            build(graph.domains().toGetRequestInformation());
            build(graph.directory().subscriptions().toGetRequestInformation());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("the Graph SDK built an invalid URI", e);
        }
        parse(USERS, UserCollectionResponse::createFromDiscriminatorValue);
        parse(DOMAINS, DomainCollectionResponse::createFromDiscriminatorValue);
        parse(SUBSCRIPTIONS, CompanySubscriptionCollectionResponse::createFromDiscriminatorValue);
        parse(MESSAGES, MessageCollectionResponse::createFromDiscriminatorValue);
        parse(SUBSCRIPTION, Subscription::createFromDiscriminatorValue);
        parse(ERROR, ODataError::createFromDiscriminatorValue);
    }

    private static void build(RequestInformation request) throws URISyntaxException {
        request.getUri();
    }

    private static <T extends Parsable> T parse(String json, ParsableFactory<T> factory) {
        return ParseNodeFactoryRegistry.defaultInstance
                .getParseNode("application/json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))
                .getObjectValue(factory);
    }
}
