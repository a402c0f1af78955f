package com.mailmoat.bench.scan;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts every AWS SDK request of the process by service and operation (a global interceptor, listed
 * in {@code software/amazon/awssdk/global/handlers/execution.interceptors}), and DynamoDB's consumed
 * capacity: it asks each item request for {@code ReturnConsumedCapacity=TOTAL} and adds up what
 * DynamoDB (Local) reports, so reads and writes are counted in the units AWS bills.
 */
public final class AwsRequestCounter implements ExecutionInterceptor {
    static final Map<String, LongAdder> REQUESTS = new ConcurrentHashMap<>();
    static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    static final DoubleAdder READ_UNITS = new DoubleAdder();
    /**
     * Milliseconds each DynamoDB request waits before it is sent ({@code --aws-latency-ms}): DynamoDB Local answers
     * from this machine's loaded cores with no network in between, where AWS's round trip within a region takes
     * a few milliseconds of waiting that side-by-side requests overlap.
     */
    static volatile int dynamoLatencyMs;

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest put) {
            return put.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof UpdateItemRequest update) {
            return update.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof TransactWriteItemsRequest transact) {
            return transact.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof GetItemRequest get) {
            return get.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        if (request instanceof QueryRequest query) {
            return query.toBuilder().returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).build();
        }
        return request;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (dynamoLatencyMs > 0 && "DynamoDb".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
            try {
                Thread.sleep(dynamoLatencyMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        REQUESTS.computeIfAbsent(service + "." + operation, k -> new LongAdder()).increment();
        Object response = context.response();
        if (response instanceof PutItemResponse put) {
            add(put.consumedCapacity(), true);
        } else if (response instanceof UpdateItemResponse update) {
            add(update.consumedCapacity(), true);
        } else if (response instanceof TransactWriteItemsResponse transact && transact.consumedCapacity() != null) {
            transact.consumedCapacity().forEach(c -> add(c, true));
        } else if (response instanceof GetItemResponse get) {
            add(get.consumedCapacity(), false);
        } else if (response instanceof QueryResponse query) {
            add(query.consumedCapacity(), false);
        }
    }

    private static void add(ConsumedCapacity capacity, boolean write) {
        if (capacity == null || capacity.capacityUnits() == null) {
            return;
        }
        (write ? WRITE_UNITS : READ_UNITS).add(capacity.capacityUnits());
    }

    static long count(String prefix) {
        return REQUESTS.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).mapToLong(e -> e.getValue().sum()).sum();
    }

    static void reset() {
        REQUESTS.clear();
        WRITE_UNITS.reset();
        READ_UNITS.reset();
    }
}
