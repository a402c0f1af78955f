package com.mailmoat.signup;

import com.mailmoat.adapters.aws.account.SqsAccountErasureRequests;
import com.mailmoat.core.account.AccountErasure;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the account-erasure queue: one pass over a closed account's data per message (repeatable). */
public final class AccountErasureHandler extends SqsBatchHandler<String> {
    private static final Logger LOG = LoggerFactory.getLogger(AccountErasureHandler.class);

    private final AccountErasure erasure;
    private final Duration budget;

    public AccountErasureHandler() {
        this(AccountErasureWiring.instance());
    }

    private AccountErasureHandler(AccountErasureWiring wiring) {
        this(wiring.erasure, wiring.passBudget, wiring.queues);
    }

    /** @param budget how long one pass may delete before it hands on to the next (well inside the function's timeout) */
    public AccountErasureHandler(AccountErasure erasure, Duration budget, QueueControl queues) {
        super(SqsAccountErasureRequests.CODEC, queues);
        this.erasure = erasure;
        this.budget = budget;
    }

    @Override
    protected Outcome consume(String accountId, Delivery delivery) {
        AccountErasure.Outcome outcome = erasure.erase(accountId, budget);
        switch (outcome) {
            case ERASED -> LOG.info("Account {} erased", accountId);
            case CONTINUES -> LOG.info("Account {} partly erased; another pass is queued", accountId);
            case GONE -> LOG.info("Account {} was erased already", accountId);
            case NOT_CLOSED -> LOG.warn("Account {} is not closed; nothing erased", accountId);
        }
        return Outcome.done();
    }
}
