package com.mailmoat.signup;

import com.mailmoat.adapters.aws.AwsAdapters;
import com.mailmoat.core.account.AccountErasure;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.core.config.Settings;
import com.mailmoat.lambda.config.Environment;
import com.mailmoat.lambda.snapstart.Priming;
import com.mailmoat.lambda.snapstart.PrimingEvents;
import com.mailmoat.lambda.sqs.QueueControl;
import java.time.Clock;
import java.time.Duration;

/** The account-erasure function's composition root (see {@link SignupWiring} for the pattern). */
final class AccountErasureWiring {
    final AccountErasure erasure;
    final Duration passBudget;
    final QueueControl queues;
    /** Kept here: CRaC holds registered resources weakly. */
    final Priming priming;

    AccountErasureWiring(Settings settings, Clock clock) {
        AwsAdapters aws = new AwsAdapters(settings, clock);
        this.erasure = new AccountErasure(aws.accounts(), aws.accountData(), aws.accountErasureRequests(), clock);
        this.passBudget = Duration.ofSeconds(settings.getLong("ERASURE_PASS_SECONDS", 40));
        this.queues = aws.queueControl();
        // Nothing below writes: a pass over an account that does not exist stops at its lookup.
        this.priming = Priming.register("account-erasure",
                Priming.step("erasure of an unknown account", () -> erasure.erase(ErasureRequest.wholeAccount(PrimingEvents.unknownKey()), passBudget)),
                Priming.step("account-erasure queue", () -> aws.primeSqs("ACCOUNT_ERASURE_QUEUE_URL")));
    }

    static AccountErasureWiring instance() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final AccountErasureWiring INSTANCE = new AccountErasureWiring(Environment.system(), Clock.systemUTC());
    }
}
