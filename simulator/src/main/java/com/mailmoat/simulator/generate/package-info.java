/**
 * Writes realistic tenant directories (users, groups, DNS, a month of self-written mail with
 * planted threats) in the format {@link com.mailmoat.simulator.Simulator#loadTenant} reads.
 */
package com.mailmoat.simulator.generate;
