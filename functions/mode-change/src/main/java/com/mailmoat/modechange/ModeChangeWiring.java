package com.mailmoat.modechange;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.config.Settings;
import com.mailmoat.core.policy.ModeChanges;
import com.mailmoat.core.session.Sessions;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import java.time.Clock;

/** The mode-change function's composition root (see {@code SignupWiring} for the pattern). */
final class ModeChangeWiring {
    final Sessions sessions;
    final ModeChanges modes;
    final String consoleUrl;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    ModeChangeWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        this.consoleUrl = settings.require("CONSOLE_URL");
        this.sessions = aws.sessions();
        String base = consoleUrl.endsWith("/") ? consoleUrl : consoleUrl + "/";
        this.modes = new ModeChanges(aws.accounts(), aws.directory(), base + "api/sso/consent?purpose=reconsent")
                .withActivity(aws.activity());
        // Nothing below writes: a request with an unknown session, refused before any read of an account.
        this.priming = Priming.register("mode-change",
                Priming.step("PUT /api/mode with an unknown session", () -> new ModeChangeHandler(sessions, modes, consoleUrl)
                        .handleRequest(PrimingEvents.withUnknownSession("PUT", "/api/mode",
                                "{\"mode\":\"DISABLED\",\"targetedTo\":{\"everyone\":true}}"), null)));
    }

    static ModeChangeWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ModeChangeWiring INSTANCE = new ModeChangeWiring(Environment.system(), Clock.systemUTC());
    }
}
