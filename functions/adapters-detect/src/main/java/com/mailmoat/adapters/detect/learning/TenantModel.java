package com.mailmoat.adapters.detect.learning;

import com.mailmoat.core.learning.FeedbackKind;
import com.mailmoat.detect.model.DetectionModel;
import com.mailmoat.detect.model.FeatureExtractor;
import com.mailmoat.detect.model.MessageFeatures;
import com.mailmoat.detect.model.ModelFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One account's learnt model: a {@link DetectionModel} layer over the operator's base (or over an
 * empty base) holding what the account's administrators taught it, and a memory of the messages it
 * learnt from, each as a MinHash signature of its hashed features (numbers only: no words, no
 * addresses) with the verdict, so a verdict can say "your organisation released 3 similar
 * messages". Learning one message again with the other verdict replaces its memory entry: the
 * latest verdict wins.
 *
 * <h2>Format</h2>
 * {@code MMTM}, format version, the layer's own bytes ({@link DetectionModel#toBytes(int)}), then the
 * memory (key, kind, signature per message); at most {@value #MAX_BYTES} bytes in all, so that it
 * fits one database item: past that, the layer's weakest weights are left out (a tenant that taught
 * hundreds of wordy messages would otherwise stop being saved). {@link #fromBytes} throws
 * {@link ModelFormatException} on anything else.
 *
 * <p>Not thread-safe for learning (the learner has its own copy); scoring is.
 */
public final class TenantModel {
    static final int FORMAT = 1;
    private static final byte[] MAGIC = {'M', 'M', 'T', 'M'};
    /** MinHash values per message. */
    static final int SIGNATURE = 32;
    /** Share of equal MinHash values from which two messages count as similar (estimated Jaccard). */
    static final double SIMILAR_AT = 0.5;
    /** Messages remembered (oldest forgotten first); the layer keeps what it learnt from all. */
    static final int MAX_REMEMBERED = 500;
    /** Most learning steps on one message. */
    static final int MAX_STEPS = 60;
    /** Points beyond the SUSPICIOUS threshold the model should put a learnt message. */
    static final double MARGIN = 1.0;
    /** Most bytes of {@link #toBytes()}: a DynamoDB item holds 400 KB with its other attributes (the store allows 380,000). */
    public static final int MAX_BYTES = 360_000;

    /** One remembered message. */
    record Memory(FeedbackKind kind, int[] signature) {
    }

    private final DetectionModel layer;
    private final LinkedHashMap<String, Memory> memory;

    private TenantModel(DetectionModel layer, LinkedHashMap<String, Memory> memory) {
        this.layer = layer;
        this.memory = memory;
    }

    /** A model that has learnt nothing, over {@code base}. */
    public static TenantModel fresh(DetectionModel base, String accountId) {
        DetectionModel layer = base.newLayer("account " + accountId);
        DetectionModel.Calibration c = layer.calibration();
        // The base bounds what it adds to a sender's mail about itself (its own domain, links at home), because
        // word statistics from other organisations' phish mistake real brands' mail for their imitations. An
        // administrator's report about this very sender is no such statistic: the layer may raise it as far as any.
        layer.calibrate(new DetectionModel.Calibration(c.offset(), c.maxRaise(), c.maxLower(), c.maxRaise()));
        return new TenantModel(layer, new LinkedHashMap<>());
    }

    /** The layer the engine applies. */
    public DetectionModel layer() {
        return layer;
    }

    public int learnedFrom() {
        return memory.size();
    }

    public long count(boolean malicious) {
        return memory.values().stream().filter(m -> (m.kind().label() == com.mailmoat.core.learning.FeedbackLabel.MALICIOUS) == malicious).count();
    }

    /**
     * Learns one message's verdict: steps until the model, applied to the message, puts it
     * {@link #MARGIN} points on the verdict's side of the SUSPICIOUS threshold or reaches its bound.
     */
    public void learn(String key, MessageFeatures features, FeedbackKind kind, double suspiciousAt) {
        boolean malicious = kind.label() == com.mailmoat.core.learning.FeedbackLabel.MALICIOUS;
        DetectionModel.Calibration c = layer.calibration();
        double maxRaise = features.guarded() ? Math.min(c.maxRaise(), c.maxRaiseGuarded()) : c.maxRaise();
        for (int step = 0; step < MAX_STEPS; step++) {
            double points = layer.contribution(features, features.guarded());
            double score = features.ruleScore() + points;
            boolean agrees = malicious ? score >= suspiciousAt + MARGIN || points >= maxRaise - 0.01
                    : score < suspiciousAt - MARGIN || points <= -c.maxLower() + 0.01;
            if (agrees && step > 0) {
                break;
            }
            layer.learn(features, malicious, 1.0, false);
        }
        memory.remove(key);
        memory.put(key, new Memory(kind, signature(features)));
        while (memory.size() > MAX_REMEMBERED) {
            memory.remove(memory.keySet().iterator().next());
        }
    }

    /** How many remembered messages like this one were given each kind of verdict. */
    public Map<FeedbackKind, Integer> similar(MessageFeatures features) {
        Map<FeedbackKind, Integer> counts = new java.util.EnumMap<>(FeedbackKind.class);
        if (memory.isEmpty() || features.size() == 0) {
            return counts;
        }
        int[] mine = signature(features);
        for (Memory m : memory.values()) {
            int equal = 0;
            for (int i = 0; i < SIGNATURE; i++) {
                if (mine[i] == m.signature()[i]) {
                    equal++;
                }
            }
            if (equal >= SIMILAR_AT * SIGNATURE) {
                counts.merge(m.kind(), 1, Integer::sum);
            }
        }
        return counts;
    }

    static int[] signature(MessageFeatures f) {
        int[] sig = new int[SIGNATURE];
        Arrays.fill(sig, Integer.MAX_VALUE);
        for (int i = 0; i < f.size(); i++) {
            int index = f.index(i);
            for (int j = 0; j < SIGNATURE; j++) {
                int h = FeatureExtractor.fmix(index * 0x9E3779B1 + (j + 1) * 0x85EBCA77) & 0x7fffffff;
                if (h < sig[j]) {
                    sig[j] = h;
                }
            }
        }
        return sig;
    }

    /** The model as at most {@value #MAX_BYTES} bytes (see the class comment). */
    public byte[] toBytes() {
        try {
            ByteArrayOutputStream remembered = new ByteArrayOutputStream();
            DataOutputStream mem = new DataOutputStream(remembered);
            mem.writeInt(memory.size());
            for (Map.Entry<String, Memory> e : memory.entrySet()) {
                mem.writeUTF(e.getKey());
                mem.writeByte(e.getValue().kind().ordinal());
                for (int v : e.getValue().signature()) {
                    mem.writeInt(v);
                }
            }
            mem.flush();
            int header = MAGIC.length + 2 * Integer.BYTES;
            byte[] model = layer.toBytes(MAX_BYTES - header - remembered.size());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(header + model.length + remembered.size());
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(model.length);
            out.write(model);
            remembered.writeTo(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads a stored model over {@code base} (the base it was learnt over).
     *
     * @throws ModelFormatException when the bytes are not a tenant model, are truncated or corrupted,
     *                              or were learnt over another base
     */
    public static TenantModel fromBytes(byte[] data, DetectionModel base) throws ModelFormatException {
        if (data == null || data.length < 12) {
            throw new ModelFormatException("tenant model missing or truncated");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
            byte[] magic = in.readNBytes(4);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new ModelFormatException("not a tenant model (bad magic)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new ModelFormatException("tenant model format " + format + " (expected " + FORMAT + ")");
            }
            int length = in.readInt();
            if (length < 0 || length > data.length) {
                throw new ModelFormatException("tenant model corrupted (layer length)");
            }
            DetectionModel layer = DetectionModel.fromBytes(in.readNBytes(length), base);
            int n = in.readInt();
            if (n < 0 || n > MAX_REMEMBERED) {
                throw new ModelFormatException("tenant model corrupted (memory size)");
            }
            LinkedHashMap<String, Memory> memory = new LinkedHashMap<>();
            FeedbackKind[] kinds = FeedbackKind.values();
            for (int i = 0; i < n; i++) {
                String key = in.readUTF();
                int kind = in.readUnsignedByte();
                if (kind >= kinds.length) {
                    throw new ModelFormatException("tenant model corrupted (verdict kind)");
                }
                int[] sig = new int[SIGNATURE];
                for (int j = 0; j < SIGNATURE; j++) {
                    sig[j] = in.readInt();
                }
                memory.put(key, new Memory(kinds[kind], sig));
            }
            return new TenantModel(layer, memory);
        } catch (ModelFormatException e) {
            throw e;
        } catch (EOFException e) {
            throw new ModelFormatException("tenant model truncated", e);
        } catch (IOException e) {
            throw new ModelFormatException("tenant model unreadable: " + e.getMessage(), e);
        }
    }
}
