package com.mailmoat.adapters.m365;

import static com.mailmoat.adapters.m365.TestTenant.ADMIN;
import static com.mailmoat.adapters.m365.TestTenant.TENANT_ID;
import static org.assertj.core.api.Assertions.assertThat;

import com.mailmoat.core.microsoft.MailFolder;
import com.mailmoat.core.microsoft.MailboxGateway;
import com.mailmoat.simulator.SimFolder;
import com.mailmoat.simulator.Simulator;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The quarantine folder Mailmoat makes is hidden from the user (Graph's {@code isHidden}, settable only
 * at creation), with the real Graph SDK against the simulator: a plain folder listing, as a mail client
 * makes it, leaves it out; Mailmoat's own lookup finds it; asking again never makes a second one; and
 * a visible folder of the same name, made before folders were hidden, is found and kept.
 */
@ExtendWith(SharedSimulator.class)
class QuarantineFolderContractTest {
    private final RequestLog log = new RequestLog();
    private Simulator simulator;
    private MailboxGateway mailboxes;
    private GraphServiceClient graph;
    private String admin;

    @BeforeEach
    void setUp() {
        simulator = SharedSimulator.simulator();
        simulator.faults().reset();
        mailboxes = SharedSimulator.adapters(log).mailboxes();
        MicrosoftConfig config = SharedSimulator.config();
        TrustedTls tls = TrustedTls.fromPem(config.trustedCertificate().orElseThrow());
        graph = new GraphClients(config, new AppTokens(config, tls.sslContext().getSocketFactory()), tls, List.of())
                .forTenant(TENANT_ID);
        admin = mailboxes.listMailboxes(TENANT_ID).stream().filter(m -> m.mail().equals(ADMIN)).findFirst().orElseThrow().id();
        log.clear();
    }

    @AfterEach
    void tearDown() {
        simulator.faults().reset();
    }

    /** The top-level folder names a plain {@code GET /users/{id}/mailFolders} shows (no includeHiddenFolders). */
    private List<String> visibleFolderNames() {
        List<String> names = new ArrayList<>();
        for (com.microsoft.graph.models.MailFolder folder : Objects.requireNonNull(graph.users().byUserId(admin)
                .mailFolders().get(request -> request.queryParameters.top = 100).getValue())) {
            names.add(folder.getDisplayName());
        }
        return names;
    }

    private SimFolder simFolder(String id) {
        return simulator.folders(TENANT_ID, ADMIN).stream().filter(f -> f.id().equals(id)).findFirst().orElseThrow();
    }

    private List<SimFolder> simFoldersNamed(String name) {
        return simulator.folders(TENANT_ID, ADMIN).stream().filter(f -> f.displayName().equalsIgnoreCase(name)).toList();
    }

    @Test
    void theFolderMailmoatCreatesIsHiddenFoundByMailmoatAndMadeOnce() throws Exception {
        String name = "Mailmoat Quarantine Hidden";
        MailFolder created = mailboxes.ensureFolder(TENANT_ID, admin, name);

        SimFolder stored = simFolder(created.id());
        assertThat(stored.isHidden()).as("isHidden as the simulator stored it").isTrue();
        assertThat(stored.createdThroughGraph()).isTrue();
        assertThat(log.entries()).filteredOn(e -> e.method().equals("GET") && e.path().endsWith("/mailFolders"))
                .isNotEmpty();
        assertThat(visibleFolderNames()).as("a mail client's folder list").contains("Inbox").doesNotContain(name);
        com.microsoft.graph.models.MailFolder byId = graph.users().byUserId(admin).mailFolders()
                .byMailFolderId(created.id()).get();
        assertThat(byId.getIsHidden()).isTrue();

        assertThat(created.visible()).as("created hidden").isFalse();
        assertThat(mailboxes.findFolder(TENANT_ID, admin, name)).contains(created);
        assertThat(mailboxes.findFolder(TENANT_ID, admin, name.toUpperCase(java.util.Locale.ROOT))).contains(created);
        assertThat(mailboxes.ensureFolder(TENANT_ID, admin, name)).isEqualTo(created);

        // Several workers at once (the 409 race): still one folder.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<MailFolder>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racing.add(CompletableFuture.supplyAsync(() -> mailboxes.ensureFolder(TENANT_ID, admin, name + " 2"), pool));
            }
            MailFolder first = racing.get(0).get();
            for (CompletableFuture<MailFolder> other : racing) {
                assertThat(other.get()).isEqualTo(first);
            }
            assertThat(simFolder(first.id()).isHidden()).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(simFoldersNamed(name)).hasSize(1);
        assertThat(simFoldersNamed(name + " 2")).hasSize(1);
    }

    @Test
    void aVisibleFolderFromBeforeIsFoundAndKeptNotDuplicated() {
        String name = "Mailmoat Quarantine Legacy";
        com.microsoft.graph.models.MailFolder legacy = new com.microsoft.graph.models.MailFolder();
        legacy.setDisplayName(name); // as Mailmoat created it before: no isHidden
        String legacyId = graph.users().byUserId(admin).mailFolders().post(legacy).getId();
        assertThat(simFolder(legacyId).isHidden()).isFalse();

        assertThat(mailboxes.findFolder(TENANT_ID, admin, name)).map(MailFolder::id).contains(legacyId);
        assertThat(mailboxes.findFolder(TENANT_ID, admin, name)).as("its users can see it: the administrator is told")
                .hasValueSatisfying(folder -> assertThat(folder.visible()).isTrue());
        assertThat(mailboxes.ensureFolder(TENANT_ID, admin, name).id()).isEqualTo(legacyId);
        assertThat(mailboxes.ensureFolder(TENANT_ID, admin, name).visible()).isTrue();
        assertThat(log.entries()).filteredOn(e -> e.method().equals("POST")).isEmpty();
        assertThat(simFoldersNamed(name)).hasSize(1);
    }

    @Test
    void aMessageMovedIntoTheHiddenFolderIsLocatedThereAndReleasedByItsId() {
        MailFolder quarantine = mailboxes.ensureFolder(TENANT_ID, admin, "Mailmoat Quarantine Release");
        String mime = "From: ceo@evil.example\r\nTo: " + ADMIN + "\r\nSubject: hide and release\r\nMessage-ID: <"
                + System.nanoTime() + "@evil.example>\r\n\r\nWire the money today.\r\n";
        String immutableId = simulator.deliverMessage(TENANT_ID, ADMIN, mime.getBytes(StandardCharsets.US_ASCII),
                Instant.now(), "inbox").immutableId();
        String inbox = mailboxes.locateMessage(TENANT_ID, admin, immutableId).orElseThrow();

        assertThat(mailboxes.moveMessage(TENANT_ID, admin, immutableId, quarantine.id()).folderId())
                .isEqualTo(quarantine.id());
        assertThat(mailboxes.locateMessage(TENANT_ID, admin, immutableId)).contains(quarantine.id());
        assertThat(mailboxes.moveMessage(TENANT_ID, admin, immutableId, inbox).folderId()).isEqualTo(inbox);
        assertThat(simulator.messages(TENANT_ID, ADMIN).stream().filter(m -> m.immutableId().equals(immutableId))
                .findFirst().orElseThrow().folder()).isEqualTo("Inbox");
    }
}
