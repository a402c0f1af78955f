package com.mailmoat.upgrade;

import com.mailmoat.adapters.aws.upgrade.SqsRuleSyncRequests;
import com.mailmoat.core.microsoft.MicrosoftAccessDeniedException;
import com.mailmoat.core.upgrade.RulesKeeper;
import com.mailmoat.lambda.sqs.Delivery;
import com.mailmoat.lambda.sqs.Outcome;
import com.mailmoat.lambda.sqs.QueueControl;
import com.mailmoat.lambda.sqs.SqsBatchHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the rule-sync queue: brings one account's Mailmoat transport rules in line with its
 * blocked and malicious senders (requests already covered by a later sync are dropped).
 */
public final class RuleSyncHandler extends SqsBatchHandler<SqsRuleSyncRequests.Message> {
    private static final Logger LOG = LoggerFactory.getLogger(RuleSyncHandler.class);

    private final RulesKeeper rules;

    public RuleSyncHandler() {
        this(UpgradeWiring.instance());
    }

    private RuleSyncHandler(UpgradeWiring wiring) {
        this(wiring.rules, wiring.queues);
    }

    public RuleSyncHandler(RulesKeeper rules, QueueControl queues) {
        super(SqsRuleSyncRequests.CODEC, queues);
        this.rules = rules;
    }

    @Override
    protected Outcome consume(SqsRuleSyncRequests.Message message, Delivery delivery) {
        try {
            RulesKeeper.Outcome outcome = rules.sync(message.accountId(), message.requestedAt());
            if (outcome instanceof RulesKeeper.Outcome.Synced synced) {
                LOG.info("Rules of account {} synced: {} created, {} changed, {} removed", message.accountId(),
                        synced.result().created().size(), synced.result().changed().size(), synced.result().removed().size());
            } else {
                LOG.info("Rules of account {}: {}", message.accountId(), outcome.getClass().getSimpleName());
            }
            return Outcome.done();
        } catch (MicrosoftAccessDeniedException e) {
            LOG.warn("Rules of account {} not synced: Exchange refused ({})", message.accountId(), e.getClass().getSimpleName());
            return Outcome.done();
        }
    }
}
