package com.mailmoat.simulator.generate;

/** A generated employee. */
record Person(String first, String last, String department, String title, String upn) {

    String name() {
        return first + " " + last;
    }

    String address() {
        return upn;
    }
}
