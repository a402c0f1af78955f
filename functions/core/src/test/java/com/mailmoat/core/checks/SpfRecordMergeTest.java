package com.mailmoat.core.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpfRecordMergeTest {
    private static final String INCLUDE = "include:spf-us.mailmoat.example";

    @Test
    void addsTheIncludeBeforeAllAndKeepsEverythingElse() {
        assertThat(SpfRecordMerge.merge(List.of("v=spf1 mx ip4:203.0.113.5 -all exp=why.contoso.example"), INCLUDE))
                .isEqualTo("v=spf1 mx ip4:203.0.113.5 include:spf-us.mailmoat.example -all exp=why.contoso.example");
    }

    @Test
    void foldsSeveralRecordsDroppingDuplicatesAndInvalidTerms() {
        assertThat(SpfRecordMerge.merge(List.of("v=spf1 mx a:bad:8080 ~all", "v=spf1 MX include:x.example -all"), INCLUDE))
                .isEqualTo("v=spf1 mx include:x.example include:spf-us.mailmoat.example ~all");
    }

    @Test
    void neverKeepsAPermissiveAllAndLeavesAnExistingIncludeAlone() {
        assertThat(SpfRecordMerge.merge(List.of("v=spf1 +all"), INCLUDE))
                .isEqualTo("v=spf1 include:spf-us.mailmoat.example ~all");
        assertThat(SpfRecordMerge.merge(List.of("v=spf1 include:SPF-US.mailmoat.example redirect=_spf.example"), INCLUDE))
                .isEqualTo("v=spf1 include:SPF-US.mailmoat.example redirect=_spf.example");
    }

    @Test
    void withNothingToAddOnlyRepairsTheDomainsOwnRecord() {
        assertThat(SpfRecordMerge.merge(List.of("v=spf1 ip4:203.0.113.5 -all", "v=spf1 mx ?all"), List.of()))
                .isEqualTo("v=spf1 ip4:203.0.113.5 mx -all");
        assertThat(SpfRecordMerge.withAll("v=spf1 include:spf.protection.outlook.com ?all", List.of(), '~'))
                .isEqualTo("v=spf1 include:spf.protection.outlook.com ~all");
    }
}
