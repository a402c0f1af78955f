package com.mailmoat.local.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailmoat.local.iam.FunctionPermissions;
import com.mailmoat.local.iam.IamContext;
import com.mailmoat.local.template.FunctionDefinition;
import com.mailmoat.local.template.TemplateException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One template function, invoked in-process as the Lambda Java runtime would: its handler class
 * is instantiated once with the public no-argument constructor (on first use, so after the
 * runtime has set the configuration the constructor reads) and every invocation calls the
 * handler method with the event and a fresh {@link Context}. An event object that is not the
 * handler's declared input type is converted through JSON, as Lambda's own serialisation would.
 * Like a warm Lambda instance reused across requests, the one instance serves every invocation,
 * here possibly concurrently, so handlers must be thread-safe (they hold only clients).
 */
public final class LambdaFunction {
    private static final Logger LOG = LoggerFactory.getLogger(LambdaFunction.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final FunctionDefinition definition;
    private final Class<?> handlerClass;
    private final Method method;
    private final FunctionPermissions permissions;
    private volatile Object instance;

    private LambdaFunction(FunctionDefinition definition, Class<?> handlerClass, Method method,
                           FunctionPermissions permissions) {
        this.definition = definition;
        this.handlerClass = handlerClass;
        this.method = method;
        this.permissions = permissions;
    }

    /**
     * Finds the handler class and method without initialising the class, so a misspelt handler
     * fails at start-up rather than on the first request.
     */
    public static LambdaFunction load(FunctionDefinition definition, ClassLoader loader) {
        return load(definition, loader, null);
    }

    /**
     * {@link #load(FunctionDefinition, ClassLoader)} for a function whose AWS calls are held to
     * {@code permissions} (null: not checked).
     */
    public static LambdaFunction load(FunctionDefinition definition, ClassLoader loader, FunctionPermissions permissions) {
        Class<?> type;
        try {
            type = Class.forName(definition.handlerClass(), false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new TemplateException("Function " + definition.logicalId() + ": handler class "
                    + definition.handlerClass() + " is not on the class path (" + e + ")");
        }
        String handler = definition.handler();
        String methodName = handler.contains("::") ? handler.substring(handler.indexOf("::") + 2) : "handleRequest";
        Method method = Arrays.stream(type.getMethods())
                .filter(m -> m.getName().equals(methodName) && !m.isBridge() && !Modifier.isStatic(m.getModifiers()))
                .filter(m -> m.getParameterCount() >= 1 && m.getParameterCount() <= 3)
                .min(Comparator.comparing((Method m) -> m.getParameterTypes()[0] == Object.class))
                .orElseThrow(() -> new TemplateException("Function " + definition.logicalId() + ": "
                        + definition.handlerClass() + " has no public method " + methodName));
        if (!handler.contains("::") && !RequestHandler.class.isAssignableFrom(type)
                && !RequestStreamHandler.class.isAssignableFrom(type)) {
            throw new TemplateException("Function " + definition.logicalId() + ": " + type.getName()
                    + " implements neither RequestHandler nor RequestStreamHandler");
        }
        return new LambdaFunction(definition, type, method, permissions);
    }

    /** The template definition of this function. */
    public FunctionDefinition definition() {
        return definition;
    }

    /**
     * Invokes the handler with {@code event}; returns what it returned.
     *
     * @throws FunctionError when the handler throws (the cause is the handler's exception)
     */
    public Object invoke(Object event) {
        // As in Lambda, libraries that look classes up through the context loader see the function's code.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(handlerClass.getClassLoader());
        // Its AWS calls, on this thread and the threads it starts, are made with its own role.
        FunctionPermissions caller = IamContext.enter(permissions);
        try {
            return invokeHandler(event);
        } finally {
            IamContext.restore(caller);
            thread.setContextClassLoader(previous);
        }
    }

    private Object invokeHandler(Object event) {
        Object handler = instance();
        String requestId = UUID.randomUUID().toString();
        long started = System.currentTimeMillis();
        LocalContext context = new LocalContext(requestId, definition.functionName(), definition.memoryMb(),
                started + definition.timeoutSeconds() * 1000L);
        try {
            if (isStreamHandler()) {
                ByteArrayOutputStream output = new ByteArrayOutputStream();
                method.invoke(handler, new ByteArrayInputStream(JSON.writeValueAsBytes(event)), output, context);
                return output.size() == 0 ? null : JSON.readValue(output.toByteArray(), Object.class);
            }
            Object input = convert(event, method.getParameterTypes()[0]);
            return method.getParameterCount() == 1 ? method.invoke(handler, input) : method.invoke(handler, input, context);
        } catch (InvocationTargetException e) {
            throw new FunctionError(definition.logicalId(), e.getCause());
        } catch (ReflectiveOperationException | java.io.IOException e) {
            throw new FunctionError(definition.logicalId(), e);
        } finally {
            long elapsed = System.currentTimeMillis() - started;
            if (elapsed > definition.timeoutSeconds() * 1000L) {
                LOG.warn("{} took {} ms, over its {} s Timeout: Lambda would have stopped it",
                        definition.logicalId(), elapsed, definition.timeoutSeconds());
            }
        }
    }

    /** The handler's declared input type (Object for stream handlers). */
    public Class<?> inputType() {
        return isStreamHandler() ? Object.class : method.getParameterTypes()[0];
    }

    private boolean isStreamHandler() {
        return method.getParameterCount() == 3;
    }

    private static Object convert(Object event, Class<?> type) {
        if (event == null || type.isInstance(event)) {
            return event;
        }
        return JSON.convertValue(event, type);
    }

    private Object instance() {
        Object current = instance;
        if (current == null) {
            synchronized (this) {
                current = instance;
                if (current == null) {
                    try {
                        current = handlerClass.getConstructor().newInstance();
                    } catch (InvocationTargetException e) {
                        throw new FunctionError(definition.logicalId(), e.getCause());
                    } catch (ReflectiveOperationException e) {
                        throw new FunctionError(definition.logicalId(), new IllegalStateException(
                                handlerClass.getName() + " needs a public no-argument constructor", e));
                    }
                    instance = current;
                }
            }
        }
        return current;
    }

    /** A function invocation that failed: the handler (or its constructor) threw. */
    public static final class FunctionError extends RuntimeException {
        FunctionError(String function, Throwable cause) {
            super(function + " failed: " + cause, cause);
        }

        /**
         * What the function threw and what caused it, on one line ("A: why <- B: why"): a wiring that
         * failed to initialise shows its root cause, not only "Could not initialize class".
         */
        public static String causes(FunctionError error) {
            StringBuilder line = new StringBuilder();
            Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
            for (Throwable t = error.getCause() == null ? error : error.getCause(); t != null && seen.add(t); t = t.getCause()) {
                line.append(line.isEmpty() ? "" : " <- ").append(t);
            }
            return line.toString();
        }
    }
}
