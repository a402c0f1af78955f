package com.mailmoat.detect.language;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds which of many phrases occur in a text in one pass (Aho-Corasick), whole words only.
 * Phrases and text are folded with {@link TextNormaliser}. Immutable and thread-safe once built;
 * running time is linear in the text, whatever the phrases.
 */
public final class PhraseMatcher {

    private final List<String> phrases;
    private final Map<Long, Integer> transitions = new HashMap<>();
    private final long[] tableKeys;
    private final int[] tableValues;
    private final int tableMask;
    private final int[] failure;
    private final int[][] outputs;
    /** Full transition table for the 37 ASCII classes (a-z, 0-9, space): one lookup per character. */
    private final int[] dfa;
    /** Every character some phrase contains: any other character leads back to the root. */
    private final java.util.BitSet usedChars;
    /** {@link #dfa} in 16 bits (bit 15 the hit flag) when there are fewer than 32,768 nodes, else null. */
    private final char[] compact;
    private static final int CLASSES = 37;
    /** Sign bit of a {@link #dfa} entry: the target node completes at least one phrase. */
    private static final int HIT = 0x80000000;

    public PhraseMatcher(List<String> rawPhrases) {
        List<String> folded = new ArrayList<>();
        for (String p : rawPhrases) {
            // blank phrases are kept (never matching) so indices stay aligned with the input list
            folded.add(TextNormaliser.normalise(p, 1000));
        }
        this.phrases = List.copyOf(folded);
        java.util.BitSet used = new java.util.BitSet(1 << 16);
        for (String p : folded) {
            for (int k = 0; k < p.length(); k++) {
                used.set(p.charAt(k));
            }
        }
        this.usedChars = used;
        List<List<Integer>> out = new ArrayList<>();
        out.add(new ArrayList<>());
        int nodes = 1;
        for (int i = 0; i < phrases.size(); i++) {
            String p = phrases.get(i);
            if (p.isBlank()) {
                continue;
            }
            int node = 0;
            for (int k = 0; k < p.length(); k++) {
                long key = key(node, p.charAt(k));
                Integer next = transitions.get(key);
                if (next == null) {
                    next = nodes++;
                    transitions.put(key, next);
                    out.add(new ArrayList<>());
                }
                node = next;
            }
            out.get(node).add(i);
        }
        failure = new int[nodes];
        // children lists for breadth-first construction of failure links
        List<List<long[]>> children = new ArrayList<>();
        for (int i = 0; i < nodes; i++) {
            children.add(new ArrayList<>());
        }
        for (Map.Entry<Long, Integer> e : transitions.entrySet()) {
            int parent = (int) (e.getKey() >>> 16);
            char c = (char) (e.getKey() & 0xffff);
            children.get(parent).add(new long[] {c, e.getValue()});
        }
        List<Integer> bfsOrder = new ArrayList<>(nodes);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (long[] child : children.get(0)) {
            failure[(int) child[1]] = 0;
            queue.add((int) child[1]);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            bfsOrder.add(node);
            for (long[] child : children.get(node)) {
                char c = (char) child[0];
                int target = (int) child[1];
                int f = failure[node];
                Integer next;
                while ((next = transitions.get(key(f, c))) == null && f != 0) {
                    f = failure[f];
                }
                failure[target] = next == null || next == target ? 0 : next;
                out.get(target).addAll(out.get(failure[target]));
                queue.add(target);
            }
        }
        renumberBreadthFirst(bfsOrder, out);
        int capacity = Integer.highestOneBit(Math.max(16, transitions.size() * 3)) << 1;
        tableKeys = new long[capacity];
        tableValues = new int[capacity];
        tableMask = capacity - 1;
        java.util.Arrays.fill(tableKeys, -1L);
        for (Map.Entry<Long, Integer> e : transitions.entrySet()) {
            int slot = slot(e.getKey());
            while (tableKeys[slot] != -1L) {
                slot = (slot + 1) & tableMask;
            }
            tableKeys[slot] = e.getKey();
            tableValues[slot] = e.getValue();
        }
        dfa = new int[nodes * CLASSES];
        for (int cls = 0; cls < CLASSES; cls++) {
            Integer child = transitions.get(key(0, charOf(cls)));
            dfa[cls] = child == null ? 0 : child;
        }
        for (int node = 1; node < nodes; node++) { // numbered breadth-first: the (shallower) failure row is filled
            for (int cls = 0; cls < CLASSES; cls++) {
                Integer child = transitions.get(key(node, charOf(cls)));
                dfa[node * CLASSES + cls] = child != null ? child : dfa[failure[node] * CLASSES + cls];
            }
        }
        outputs = new int[nodes][];
        for (int i = 0; i < nodes; i++) {
            outputs[i] = out.get(i).stream().mapToInt(Integer::intValue).toArray();
        }
        // mark targets that complete a phrase in the sign bit, so the scan touches outputs[] only on a hit
        for (int i = 0; i < dfa.length; i++) {
            if (outputs[dfa[i]].length > 0) {
                dfa[i] |= HIT;
            }
        }
        // the scan walks this table once per character, at random rows: 16-bit entries halve it
        // (to under a megabyte for the shipped rules), which matters when caches are shared
        if (nodes < 0x8000) {
            compact = new char[dfa.length];
            for (int i = 0; i < dfa.length; i++) {
                compact[i] = (char) ((dfa[i] & ~HIT) | (dfa[i] < 0 ? 0x8000 : 0));
            }
        } else {
            compact = null;
        }
    }

    /**
     * Gives the nodes new numbers in breadth-first order (the root stays 0), so that the shallow
     * nodes, where the scan spends nearly all its steps, have neighbouring rows of the table
     * and stay in cache; numbered as inserted, they were spread over all of it.
     */
    private void renumberBreadthFirst(List<Integer> bfsOrder, List<List<Integer>> out) {
        int[] renumbered = new int[failure.length];
        for (int k = 0; k < bfsOrder.size(); k++) {
            renumbered[bfsOrder.get(k)] = k + 1;
        }
        int[] oldFailure = failure.clone();
        List<List<Integer>> oldOut = new ArrayList<>(out);
        for (int node = 0; node < oldFailure.length; node++) {
            failure[renumbered[node]] = renumbered[oldFailure[node]];
            out.set(renumbered[node], oldOut.get(node));
        }
        Map<Long, Integer> oldTransitions = new HashMap<>(transitions);
        transitions.clear();
        for (Map.Entry<Long, Integer> e : oldTransitions.entrySet()) {
            int parent = (int) (e.getKey() >>> 16);
            char c = (char) (e.getKey() & 0xffff);
            transitions.put(key(renumbered[parent], c), renumbered[e.getValue()]);
        }
    }

    private static char charOf(int cls) {
        return cls < 26 ? (char) ('a' + cls) : cls < 36 ? (char) ('0' + cls - 26) : ' ';
    }

    /** Class of each ASCII character (-1: not in the table), looked up instead of branching per character. */
    private static final byte[] CLASS_OF = new byte[128];

    static {
        java.util.Arrays.fill(CLASS_OF, (byte) -1);
        for (int cls = 0; cls < CLASSES; cls++) {
            CLASS_OF[charOf(cls)] = (byte) cls;
        }
    }

    private static int classOf(char c) {
        return c < 128 ? CLASS_OF[c] : -1;
    }

    private static long key(int node, char c) {
        return ((long) node << 16) | c;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h >>> 40) & tableMask;
    }

    /** The node reached from {@code node} by {@code c}, or -1 (open-addressing lookup, no boxing). */
    private int next(int node, char c) {
        long key = key(node, c);
        int slot = slot(key);
        while (true) {
            long k = tableKeys[slot];
            if (k == key) {
                return tableValues[slot];
            }
            if (k == -1L) {
                return -1;
            }
            slot = (slot + 1) & tableMask;
        }
    }

    /** Number of phrases. */
    public int size() {
        return phrases.size();
    }

    /** The folded phrase at {@code index}. */
    public String phrase(int index) {
        return phrases.get(index).strip();
    }

    private BitSet findCompact(String foldedText) {
        BitSet found = new BitSet(phrases.size());
        char[] table = compact;
        int node = 0;
        int n = foldedText.length();
        for (int i = 0; i < n; i++) {
            char c = foldedText.charAt(i);
            int cls = classOf(c);
            if (cls >= 0) {
                char target = table[node * CLASSES + cls];
                node = target & 0x7fff;
                if (target >= 0x8000) {
                    for (int o : outputs[node]) {
                        found.set(o);
                    }
                }
                continue;
            }
            if (!usedChars.get(c)) {
                node = 0; // no phrase has this character: no match runs through it (the root has no outputs)
                continue;
            }
            int next;
            while ((next = next(node, c)) < 0 && node != 0) {
                node = failure[node];
            }
            node = next < 0 ? 0 : next;
            for (int o : outputs[node]) {
                found.set(o);
            }
        }
        return found;
    }

    /** Indices of the phrases found in already-folded text. */
    public BitSet find(String foldedText) {
        if (compact != null) {
            return findCompact(foldedText);
        }
        BitSet found = new BitSet(phrases.size());
        int node = 0;
        for (int i = 0; i < foldedText.length(); i++) {
            char c = foldedText.charAt(i);
            int cls = classOf(c);
            if (cls >= 0) {
                int target = dfa[node * CLASSES + cls];
                node = target & ~HIT;
                if (target < 0) {
                    for (int o : outputs[node]) {
                        found.set(o);
                    }
                }
                continue;
            }
            int next;
            while ((next = next(node, c)) < 0 && node != 0) {
                node = failure[node];
            }
            node = next < 0 ? 0 : next;
            for (int o : outputs[node]) {
                found.set(o);
            }
        }
        return found;
    }
}
