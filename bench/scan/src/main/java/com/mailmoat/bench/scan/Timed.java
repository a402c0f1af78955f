package com.mailmoat.bench.scan;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Wall and CPU time spent inside the calls of an interface (a port), per method, summed over threads. */
final class Timed {
    static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** True on the threads that read a page (an invocation's own thread, or the handler's record threads). */
    static boolean onPageThread() {
        String name = Thread.currentThread().getName();
        return name.startsWith("instance-") || name.startsWith("sqs-record-") || name.equals("scan-start");
    }

    final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    final LongAdder wallNanos = new LongAdder();
    final LongAdder cpuNanos = new LongAdder();
    /** Wall time inside the port on page threads only (not the judging pool): what a page waits for. */
    final LongAdder handlerWallNanos = new LongAdder();

    @SuppressWarnings("unchecked")
    <T> T wrap(Class<T> port, T target) {
        return (T) Proxy.newProxyInstance(port.getClassLoader(), new Class<?>[] {port}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target, args);
            }
            long cpu = THREADS.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                long wall = System.nanoTime() - start;
                wallNanos.add(wall);
                cpuNanos.add(THREADS.getCurrentThreadCpuTime() - cpu);
                if (onPageThread()) {
                    handlerWallNanos.add(wall);
                }
                calls.computeIfAbsent(method.getName(), k -> new LongAdder()).increment();
            }
        });
    }

    long calls(String method) {
        LongAdder count = calls.get(method);
        return count == null ? 0 : count.sum();
    }
}
