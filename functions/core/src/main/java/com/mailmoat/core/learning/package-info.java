/**
 * Per-tenant learning: every administrator's Remove and Release (and "not a threat", "report a
 * missed threat") teaches that tenant's model, which the scan and the real-time path apply on top
 * of the rules.
 *
 * <ul>
 *   <li>{@link com.mailmoat.core.learning.LearningService} records feedback (who, when, which
 *       message, which verdict) for the console and the remediation worker, and queues it;</li>
 *   <li>{@link com.mailmoat.core.learning.Learner} consumes the queue: it reads the message once
 *       more (immutable id), teaches the account's model through the {@link
 *       com.mailmoat.core.learning.ModelTrainer} port and stores it through the {@link
 *       com.mailmoat.core.learning.TenantModelStore} port, versioned, with conditional writes;</li>
 *   <li>the detection adapter loads each account's model through the same store, with a bounded
 *       cache, and falls back to the rules when there is none or it cannot be read.</li>
 * </ul>
 *
 * <p>Reversal: a message carries one verdict at a time, the latest (a later opposite verdict
 * wins). The model cannot forget one example exactly (online AdaGrad keeps no example), so the
 * new verdict is learnt until the model, applied to that very message, agrees with it (within its
 * bounds); see {@link com.mailmoat.core.learning.ModelTrainer}.
 */
package com.mailmoat.core.learning;
