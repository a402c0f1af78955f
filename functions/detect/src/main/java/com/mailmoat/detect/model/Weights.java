package com.mailmoat.detect.model;

import java.util.Arrays;

/**
 * A model's own weights over the hashed feature slots: dense for a base model (every slot has
 * a weight; 4 bytes a slot), sparse for a tenant layer (only the slots the tenant's mail touched;
 * about 16 bytes each). Both keep AdaGrad's per-weight sum of squared gradients so that
 * incremental learning takes large steps on new features and small ones on well-known ones.
 *
 * <p>Reads may run concurrently with one writer: a sparse table is replaced, never resized in
 * place, and a reader works on the table it first read; a weight read during an update is the
 * old or the new value.
 */
abstract sealed class Weights permits Weights.Dense, Weights.Sparse {

    /** The weight of {@code slot} (0 when unknown). */
    abstract float get(int slot);

    /** Adds {@code delta} to the weight of {@code slot}. */
    abstract void add(int slot, float delta);

    /** The AdaGrad accumulator of {@code slot}. */
    abstract float accumulator(int slot);

    /** Adds {@code g2} to the accumulator of {@code slot}. */
    abstract void accumulate(int slot, float g2);

    /** Number of slots with a non-zero weight. */
    abstract int nonZero();

    /** Visits the non-zero weights in ascending slot order. */
    abstract void forEach(Visitor v);

    /** A visitor of (slot, weight, accumulator). */
    interface Visitor {
        void visit(int slot, float weight, float accumulator);
    }

    /** Every slot, in arrays. */
    static final class Dense extends Weights {
        final float[] w;
        float[] acc; // allocated on first learning step

        Dense(int slots) {
            this.w = new float[slots];
        }

        @Override
        float get(int slot) {
            return w[slot];
        }

        @Override
        void add(int slot, float delta) {
            w[slot] += delta;
        }

        @Override
        float accumulator(int slot) {
            return acc == null ? 0f : acc[slot];
        }

        @Override
        void accumulate(int slot, float g2) {
            if (acc == null) {
                acc = new float[w.length];
            }
            acc[slot] += g2;
        }

        @Override
        int nonZero() {
            int n = 0;
            for (float v : w) {
                if (v != 0f) {
                    n++;
                }
            }
            return n;
        }

        @Override
        void forEach(Visitor v) {
            for (int i = 0; i < w.length; i++) {
                if (w[i] != 0f) {
                    v.visit(i, w[i], acc == null ? 0f : acc[i]);
                }
            }
        }
    }

    /** Only touched slots, in an open-addressing table replaced when it grows. */
    static final class Sparse extends Weights {
        private static final class Table {
            final int[] keys; // slot + 1; 0 = empty
            final float[] w;
            final float[] acc;
            int size;

            Table(int capacity) {
                keys = new int[capacity];
                w = new float[capacity];
                acc = new float[capacity];
            }
        }

        private volatile Table table = new Table(64);
        private final int maxEntries;

        /** A sparse table holding at most {@code maxEntries} weights (a tenant's bound). */
        Sparse(int maxEntries) {
            this.maxEntries = maxEntries;
        }

        private static int find(Table t, int slot) {
            int mask = t.keys.length - 1;
            int i = FeatureExtractor.fmix(slot) & mask;
            int key = slot + 1;
            while (true) {
                int k = t.keys[i];
                if (k == key) {
                    return i;
                }
                if (k == 0) {
                    return -1 - i;
                }
                i = (i + 1) & mask;
            }
        }

        @Override
        float get(int slot) {
            Table t = table;
            int i = find(t, slot);
            return i >= 0 ? t.w[i] : 0f;
        }

        @Override
        float accumulator(int slot) {
            Table t = table;
            int i = find(t, slot);
            return i >= 0 ? t.acc[i] : 0f;
        }

        /** Position of {@code slot}, inserting it; -1 when the bound is reached. */
        private int position(int slot) {
            Table t = table;
            int i = find(t, slot);
            if (i >= 0) {
                return i;
            }
            if (t.size >= maxEntries) {
                return -1; // full: a tenant's layer stays bounded; the base model still applies
            }
            if ((t.size + 1) * 2 > t.keys.length) {
                Table bigger = new Table(t.keys.length * 2);
                for (int k = 0; k < t.keys.length; k++) {
                    if (t.keys[k] != 0) {
                        int j = -1 - find(bigger, t.keys[k] - 1);
                        bigger.keys[j] = t.keys[k];
                        bigger.w[j] = t.w[k];
                        bigger.acc[j] = t.acc[k];
                    }
                }
                bigger.size = t.size;
                table = bigger;
                t = bigger;
            }
            int j = -1 - find(t, slot);
            t.keys[j] = slot + 1;
            t.size++;
            return j;
        }

        @Override
        void add(int slot, float delta) {
            int i = position(slot);
            if (i >= 0) {
                table.w[i] += delta;
            }
        }

        @Override
        void accumulate(int slot, float g2) {
            int i = position(slot);
            if (i >= 0) {
                table.acc[i] += g2;
            }
        }

        @Override
        int nonZero() {
            Table t = table;
            int n = 0;
            for (int k = 0; k < t.keys.length; k++) {
                if (t.keys[k] != 0 && t.w[k] != 0f) {
                    n++;
                }
            }
            return n;
        }

        @Override
        void forEach(Visitor v) {
            Table t = table;
            int[] order = new int[t.size];
            int n = 0;
            for (int k = 0; k < t.keys.length && n < order.length; k++) {
                if (t.keys[k] != 0) {
                    order[n++] = k;
                }
            }
            int[] sorted = Arrays.copyOf(order, n);
            Integer[] boxed = new Integer[n];
            for (int k = 0; k < n; k++) {
                boxed[k] = sorted[k];
            }
            Arrays.sort(boxed, (a, b) -> Integer.compare(t.keys[a], t.keys[b]));
            for (Integer k : boxed) {
                if (t.w[k] != 0f) {
                    v.visit(t.keys[k] - 1, t.w[k], t.acc[k]);
                }
            }
        }
    }
}
