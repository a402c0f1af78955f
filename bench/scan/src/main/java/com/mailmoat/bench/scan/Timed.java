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
    /** True on the threads that play a Lambda invocation (the handler's own thread). */
    static final ThreadLocal<Boolean> HANDLER_THREAD = ThreadLocal.withInitial(() -> false);

    final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    final LongAdder wallNanos = new LongAdder();
    final LongAdder cpuNanos = new LongAdder();
    /** Wall time inside the port on handler threads only: what an invocation waits for on its critical path. */
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
                if (HANDLER_THREAD.get()) {
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
