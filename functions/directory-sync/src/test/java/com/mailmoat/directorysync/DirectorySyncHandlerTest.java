package com.mailmoat.directorysync;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.mailmoat.core.account.Account;
import com.mailmoat.core.account.Region;
import com.mailmoat.core.directory.DirectoryImport;
import com.mailmoat.core.microsoft.DirectoryGroup;
import com.mailmoat.core.microsoft.DirectoryUser;
import com.mailmoat.testkit.FakeMicrosoft;
import com.mailmoat.testkit.InMemoryAccounts;
import com.mailmoat.testkit.InMemoryDirectory;
import com.mailmoat.testkit.MutableClock;
import com.mailmoat.testkit.RecordingQueueControl;
import com.mailmoat.testkit.SampleEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The directory-sync samples through their handlers: an import per message, a fan-out per day. */
class DirectorySyncHandlerTest {
    private static final String ACCOUNT = "0d5c1f3e-2a4b-4c6d-8e9f-001122334455";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-24T03:00:00Z"));
    private final InMemoryAccounts accounts = new InMemoryAccounts();
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final FakeMicrosoft microsoft = new FakeMicrosoft();

    @Test
    void theSampleImportsUsersWithTheirGroupsAndReplacesTheOldImport() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        DirectoryUser adele = new DirectoryUser("u1", "adele@contoso.example", "Adele@Contoso.example", "Adele Vance");
        microsoft.users.addAll(List.of(adele, new DirectoryUser("u2", "ben@contoso.example", null, "Ben")));
        microsoft.groups.put(new DirectoryGroup("g1", "Finance", "finance@contoso.example"), List.of(adele));
        DirectorySyncHandler handler = new DirectorySyncHandler(new DirectoryImport(accounts, microsoft, directory, clock),
                new RecordingQueueControl());

        SQSBatchResponse response = handler.handleRequest(SampleEvents.sqs("DirectorySyncFunction").get(0).event(), null);
        assertThat(response.getBatchItemFailures()).isEmpty();
        assertThat(directory.user(ACCOUNT, "adele@contoso.example")).get()
                .satisfies(u -> assertThat(u.groupIds()).isEqualTo(Set.of("g1")));
        assertThat(directory.user(ACCOUNT, "ben@contoso.example")).isPresent();
        assertThat(directory.groups(ACCOUNT, "fin", 10)).singleElement().satisfies(g -> assertThat(g.members()).isEqualTo(1));
        assertThat(directory.importedAt(ACCOUNT)).contains(clock.instant());
    }

    /** Admin consent removed in Entra: the import stops there (no retry can help) and the owner is told why. */
    @Test
    void aRefusalByMicrosoftIsToldToTheOwnerInsteadOfRetried() {
        accounts.create(Account.signedUp(ACCOUNT, "admin@contoso.example", "Contoso", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById(ACCOUNT).orElseThrow().withTenant(FakeMicrosoft.TENANT, List.of("contoso.example")));
        com.mailmoat.core.microsoft.DirectoryGateway refusing = (com.mailmoat.core.microsoft.DirectoryGateway)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {com.mailmoat.core.microsoft.DirectoryGateway.class}, (proxy, method, args) -> {
                            throw new com.mailmoat.core.microsoft.MicrosoftAccessDeniedException("HTTP 401", "InvalidAuthenticationToken", null);
                        });
        com.mailmoat.testkit.RecordingNotificationQueue notifications = new com.mailmoat.testkit.RecordingNotificationQueue();
        DirectorySyncHandler handler = new DirectorySyncHandler(new DirectoryImport(accounts, refusing, directory, clock),
                new RecordingQueueControl(), new com.mailmoat.core.microsoft.MicrosoftAccessRefusals(accounts, notifications,
                        com.mailmoat.core.activity.Activity.NONE, "https://console.mailmoat.example/", clock));

        SQSBatchResponse response = handler.handleRequest(SampleEvents.sqs("DirectorySyncFunction").get(0).event(), null);

        assertThat(response.getBatchItemFailures()).as("not retried").isEmpty();
        assertThat(notifications.ofKind(com.mailmoat.core.notify.NotificationKind.MICROSOFT_ACCESS_DENIED)).singleElement()
                .satisfies(told -> {
                    assertThat(told.recipient()).isEqualTo("admin@contoso.example");
                    assertThat(told.params()).containsEntry("stopped", "the import of users and groups did not run")
                            .containsEntry("errorCode", "InvalidAuthenticationToken");
                });
        assertThat(directory.importedAt(ACCOUNT)).isEmpty();
    }

    @Test
    void theDailySampleQueuesOneImportPerConnectedTenant() {
        accounts.create(Account.signedUp("a1", "a1@contoso.example", "A", Region.US, clock.instant()));
        accounts.create(Account.signedUp("a2", "a2@fabrikam.example", "B", Region.US, clock.instant()));
        accounts.linkTenant(accounts.findById("a1").orElseThrow().withTenant("t-1", List.of()));
        List<String> queued = new ArrayList<>();
        new DirectoryScheduleHandler(accounts, queued::add)
                .handleRequest(SampleEvents.scheduled("DirectoryScheduleFunction").get(0).event(), null);
        assertThat(queued).containsExactly("a1");
    }
}
