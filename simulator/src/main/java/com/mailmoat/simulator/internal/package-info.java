/**
 * The simulator's implementation (login, Graph, tenant state, TLS, HTTP plumbing): not API,
 * may change without notice. Use {@link com.mailmoat.simulator.Simulator}.
 */
package com.mailmoat.simulator.internal;
