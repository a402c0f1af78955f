package com.mailmoat.signup;

import com.mailmoat.adapters.aws.account.SqsAccountErasureRequests;
import com.mailmoat.core.account.AccountErasure;
import com.mailmoat.core.account.ErasureRequest;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Consumes the account-erasure queue: one pass over a closed account, or an offboarded tenant's data, per message (repeatable). */
public final class AccountErasureHandler extends SqsBatchHandler<ErasureRequest> {
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
    protected Outcome consume(ErasureRequest request, Delivery delivery) {
        String what = request.isWholeAccount() ? "Account " + request.accountId()
                : "Tenant " + request.tenantId() + "'s data of account " + request.accountId();
        switch (erasure.erase(request, budget)) {
            case ERASED -> LOG.info("{} erased", what);
            case CONTINUES -> LOG.info("{} partly erased; another pass is queued", what);
            case GONE -> LOG.info("{}: the account was erased already", what);
            case NOT_CLOSED -> LOG.warn("{} is not closed; nothing erased", what);
            case CONNECTED_AGAIN -> LOG.warn("{} not erased: the account is connected to a tenant again", what);
        }
        return Outcome.done();
    }
}
