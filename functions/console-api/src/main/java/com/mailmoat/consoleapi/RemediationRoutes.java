package com.mailmoat.consoleapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.mailmoat.core.remediation.JobStatus;
import com.mailmoat.core.remediation.RemediationAction;
import com.mailmoat.core.remediation.RemediationJob;
import com.mailmoat.core.remediation.RemediationRepository;
import com.mailmoat.core.remediation.RemediationRequests;
import com.mailmoat.core.session.Session;
import com.mailmoat.core.validation.FieldError;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiRequest;
import com.mailmoat.lambda.http.SessionRoutes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Remove Threats and Release: start a job over selected detections, every threat of a scan,
 * every waiting message from one sender, or (release only) everything in quarantine (only with
 * {@code "confirm": true}; a sender's or the quarantine's count first from
 * {@code /api/remediations/preview}), watch its progress, list jobs. Ids from the request are
 * only ever looked up within the session's account: another account's ids are unknown here (404).
 */
public final class RemediationRoutes implements SessionRoutes.Group {
    private static final int HISTORY = 20;
    private static final int FAILURES_SHOWN = 200;
    private static final int MAX_ID_LENGTH = 200;
    private static final int MAX_ADDRESS_LENGTH = 320;
    /** Visible quarantine folders counted (beyond: "at least") and listed by name. */
    private static final int VISIBLE_FOLDERS_COUNTED = 1000;
    private static final int VISIBLE_FOLDERS_LISTED = 100;

    private final RemediationRequests requests;
    private final RemediationRepository jobs;

    public RemediationRoutes(RemediationRequests requests, RemediationRepository jobs) {
        this.requests = requests;
        this.jobs = jobs;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.json("POST /api/remediations", 202, this::start)
                .get("/api/remediations", (request, session) -> Map.of("items",
                        jobs.recent(session.accountId(), HISTORY).stream().map(RemediationRoutes::summary).toList()))
                .get("/api/remediations/current", (request, session) -> current(session))
                .get("/api/remediations/preview", this::preview)
                .get("/api/quarantine/folders", (request, session) -> visibleFolders(session))
                .get("/api/remediations/{id}", this::one);
    }

    private Map<String, Object> start(ApiRequest request, Session session) {
        JsonNode body = request.json();
        List<FieldError> errors = new ArrayList<>();
        RemediationAction action = null;
        JsonNode actionNode = body.get("action");
        if (actionNode == null || !actionNode.isTextual()) {
            errors.add(new FieldError("action", "is required: REMOVE or RELEASE"));
        } else {
            try {
                action = RemediationAction.valueOf(actionNode.asText());
            } catch (IllegalArgumentException e) {
                errors.add(new FieldError("action", "must be REMOVE or RELEASE"));
            }
        }
        JsonNode ids = body.get("detectionIds");
        JsonNode scan = body.get("scanId");
        JsonNode sender = body.get("sender");
        JsonNode quarantine = body.get("inQuarantine");
        boolean hasIds = ids != null && !ids.isNull();
        boolean hasScan = scan != null && !scan.isNull();
        boolean hasSender = sender != null && !sender.isNull();
        boolean hasQuarantine = quarantine != null && !quarantine.isNull();
        int ways = (hasIds ? 1 : 0) + (hasScan ? 1 : 0) + (hasSender ? 1 : 0) + (hasQuarantine ? 1 : 0);
        RemediationRequests.Selection selection = null;
        if (ways != 1) {
            errors.add(ways == 0 ? new FieldError("detectionIds", "or scanId, sender or inQuarantine is required")
                    : secondWay(hasIds, hasScan, hasSender, hasQuarantine));
        } else if (hasIds) {
            List<String> selected = new ArrayList<>();
            if (!ids.isArray()) {
                errors.add(new FieldError("detectionIds", "must be a list of detection ids"));
            } else if (ids.isEmpty()) {
                errors.add(new FieldError("detectionIds", "must name at least one detection"));
            } else if (ids.size() > RemediationRequests.MAX_SELECTED) {
                errors.add(new FieldError("detectionIds", "may name at most " + RemediationRequests.MAX_SELECTED
                        + " detections; select by scan for more"));
            } else {
                for (JsonNode id : ids) {
                    if (!id.isTextual() || id.asText().isBlank() || id.asText().length() > MAX_ID_LENGTH) {
                        errors.add(new FieldError("detectionIds", "must contain detection ids (strings)"));
                        break;
                    }
                    selected.add(id.asText());
                }
            }
            selection = RemediationRequests.Selection.detections(selected);
        } else if (hasQuarantine) {
            if (!quarantine.isBoolean() || !quarantine.booleanValue()) {
                errors.add(new FieldError("inQuarantine", "must be true: it selects every message in quarantine"));
            }
            if (action != null && action != RemediationAction.RELEASE) {
                errors.add(new FieldError("action", "must be RELEASE when selecting everything in quarantine: "
                        + "what is in quarantine is already removed"));
            }
            selection = RemediationRequests.Selection.everythingInQuarantine();
        } else if (hasSender) {
            String address = senderAddress(sender.isTextual() ? sender.asText() : null, errors);
            if (action != null && action != RemediationAction.REMOVE) {
                errors.add(new FieldError("action", "must be REMOVE when selecting by sender: release messages one by one"));
            }
            selection = address == null ? null : RemediationRequests.Selection.sender(address);
        } else if (!scan.isTextual() || scan.asText().isBlank() || scan.asText().length() > MAX_ID_LENGTH) {
            errors.add(new FieldError("scanId", "must be a scan id"));
        } else {
            selection = RemediationRequests.Selection.scan(scan.asText());
        }
        if (!errors.isEmpty()) {
            throw ApiError.badRequest("invalid_request", errors);
        }
        JsonNode confirm = body.get("confirm");
        if (confirm == null || !confirm.isBoolean() || !confirm.booleanValue()) {
            throw ApiError.badRequest("confirmation_required", List.of(new FieldError("confirm",
                    "must be true: moving messages out of (or back into) users' mailboxes needs an explicit confirmation")));
        }
        boolean plausible = selection.sender() != null || selection.inQuarantine()
                || (selection.scanId() != null ? ApiRequest.plausibleId(selection.scanId())
                : selection.detectionIds().stream().allMatch(ApiRequest::plausibleId));
        if (!plausible) {
            // Cannot be ours (too long for a key, odd characters): unknown, without a lookup.
            throw ApiError.notFound(selection.scanId() != null ? "There is no such scan."
                    : "Some selected detections do not exist in this account.");
        }
        RemediationRequests.Result result = requests.request(session.accountId(), action, selection, null, true);
        if (result instanceof RemediationRequests.Result.Created created) {
            return started(created.job(), created.skipped(), false);
        }
        if (result instanceof RemediationRequests.Result.Joined joined) {
            // The same selection is already being handled: follow that job rather than start a second.
            return started(joined.job(), 0, true);
        }
        if (result instanceof RemediationRequests.Result.NotFound) {
            // The ids asked for are not repeated back.
            throw ApiError.notFound(selection.scanId() != null ? "There is no such scan."
                    : "Some selected detections do not exist in this account.");
        }
        if (result instanceof RemediationRequests.Result.FoundAgainLater moved) {
            throw new ApiError(409, "found_again_later", Map.of("message", "This scan's threats still waiting were "
                    + "found again by a later Threat Scan and are listed with it now: remove them from that scan.",
                    "scanId", moved.laterScanId()));
        }
        if (result instanceof RemediationRequests.Result.NothingToDo nothing) {
            throw new ApiError(409, "nothing_to_do", Map.of("message", selection.sender() != null
                    ? "No message from this sender is waiting to be removed: they are removed, released or marked not a threat already."
                    : selection.inQuarantine() ? "Nothing is in quarantine: there is no message to release."
                    : action == RemediationAction.REMOVE
                    ? "Every selected message is already removed (or no longer in its mailbox)."
                    : "None of the selected messages is in quarantine.", "selected", nothing.selected()));
        }
        if (result instanceof RemediationRequests.Result.NotQueued) {
            throw new ApiError(503, "unavailable", "The request could not be started, so no message was moved. "
                    + "Try again in a minute.");
        }
        throw new ApiError(409, "not_connected", "Connect Microsoft 365 before removing or releasing messages.");
    }

    /** The answer to a request that started a job, or joined the one already handling the same selection. */
    private static Map<String, Object> started(RemediationJob job, int skipped, boolean joined) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", job.jobId());
        answer.put("total", job.total());
        answer.put("skipped", skipped);
        answer.put("status", job.status().name());
        answer.put("joined", joined);
        if (job.allInQuarantine()) {
            answer.put("inQuarantine", true);
            answer.put("moreInQuarantine", job.moreInQuarantine());
            answer.put("max", RemediationRequests.MAX_IN_QUARANTINE);
        }
        return answer;
    }

    /** Names the field that made a second way of selecting. */
    private static FieldError secondWay(boolean hasIds, boolean hasScan, boolean hasSender, boolean hasQuarantine) {
        String first = hasIds ? "detectionIds" : hasScan ? "scanId" : "sender";
        String second = hasQuarantine ? "inQuarantine" : hasSender ? "sender" : "scanId";
        return new FieldError(second, "cannot be combined with " + first + ": select one way");
    }

    /**
     * What a confirmation needs to say how many: removing a sender's messages ({@code ?sender=}, the same
     * selection {@code POST /api/remediations {"sender"}} makes), or releasing everything in quarantine
     * ({@code ?inQuarantine=true}; {@code more} when there are more than one release takes).
     */
    private Map<String, Object> preview(ApiRequest request, Session session) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> quarantine = request.queryParameter("inQuarantine");
        if (quarantine.isPresent()) {
            if (request.queryParameter("sender").isPresent()) {
                throw ApiError.badRequest("invalid_request", List.of(new FieldError("inQuarantine",
                        "cannot be combined with sender: preview one way")));
            }
            if (!quarantine.get().equals("true")) {
                throw ApiError.badRequest("invalid_request", List.of(new FieldError("inQuarantine", "must be true")));
            }
            int held = requests.inQuarantine(session.accountId(), RemediationRequests.MAX_IN_QUARANTINE + 1).size();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("action", RemediationAction.RELEASE.name());
            answer.put("inQuarantine", true);
            answer.put("total", Math.min(held, RemediationRequests.MAX_IN_QUARANTINE));
            answer.put("more", held > RemediationRequests.MAX_IN_QUARANTINE);
            answer.put("max", RemediationRequests.MAX_IN_QUARANTINE);
            return answer;
        }
        String address = senderAddress(request.queryParameter("sender").orElse(null), errors);
        if (!errors.isEmpty()) {
            throw ApiError.badRequest("invalid_request", errors);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", RemediationAction.REMOVE.name());
        answer.put("sender", address);
        answer.put("total", requests.waitingFrom(session.accountId(), address).size());
        answer.put("max", RemediationRequests.MAX_BY_SENDER);
        return answer;
    }

    /**
     * The mailboxes whose quarantine folder their users could see when Mailmoat last looked (each scan
     * looks at every mailbox): folders made before Mailmoat created them hidden, which Graph cannot hide.
     */
    private Map<String, Object> visibleFolders(Session session) {
        List<com.mailmoat.core.remediation.QuarantineFolderSightings.VisibleFolder> visible =
                jobs.visibleQuarantineFolders(session.accountId(), VISIBLE_FOLDERS_COUNTED + 1);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("visible", Math.min(visible.size(), VISIBLE_FOLDERS_COUNTED));
        answer.put("atLeast", visible.size() > VISIBLE_FOLDERS_COUNTED);
        answer.put("mailboxes", visible.stream().limit(VISIBLE_FOLDERS_LISTED).map(folder -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("mailbox", folder.mailbox());
            item.put("seenAt", folder.seenAt() == null ? null : folder.seenAt().toString());
            return item;
        }).toList());
        return answer;
    }

    /** A sender's address as detections record it: checked loosely (what Microsoft reported is matched, not judged). */
    private static String senderAddress(String raw, List<FieldError> errors) {
        String address = raw == null ? "" : raw.strip();
        if (address.isEmpty() || address.length() > MAX_ADDRESS_LENGTH || address.indexOf('@') < 1
                || address.chars().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            errors.add(new FieldError("sender", "must be one sender's email address"));
            return null;
        }
        return address;
    }

    /**
     * The administrator's running job, else their newest. Protect's automatic removals (one message
     * each) are left out: Home follows what the administrator asked for, and a policy's removal of
     * new mail must not read as the scan's threats removed.
     */
    private Map<String, Object> current(Session session) {
        List<RemediationJob> recent = jobs.recent(session.accountId(), HISTORY).stream()
                .filter(j -> !RemediationJob.POLICY.equals(j.requestedBy())).toList();
        RemediationJob job = recent.stream().filter(j -> j.status() == JobStatus.RUNNING).findFirst()
                .or(() -> recent.stream().findFirst())
                .orElseThrow(() -> ApiError.notFound("No remediation yet."));
        return detail(job);
    }

    private Map<String, Object> one(ApiRequest request, Session session) {
        String id = request.idParameter("id", "remediation");
        return detail(jobs.find(session.accountId(), id)
                .orElseThrow(() -> ApiError.notFound("There is no such remediation.")));
    }

    private Map<String, Object> detail(RemediationJob job) {
        Map<String, Object> body = summary(job);
        body.put("failures", job.failed() == 0 ? List.of() : jobs.failures(job.accountId(), job.jobId(), FAILURES_SHOWN)
                .stream().map(f -> {
                    Map<String, Object> failure = new LinkedHashMap<>();
                    failure.put("detectionId", f.detectionId());
                    failure.put("mailbox", f.mailbox());
                    failure.put("subject", f.subject());
                    failure.put("reason", f.reason());
                    return failure;
                }).toList());
        return body;
    }

    static Map<String, Object> summary(RemediationJob job) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", job.jobId());
        body.put("action", job.action().name());
        body.put("status", job.status().name());
        body.put("total", job.total());
        body.put("done", job.done());
        body.put("alreadyGone", job.alreadyGone());
        body.put("failed", job.failed());
        body.put("alreadyDone", job.alreadyDone());
        body.put("percent", job.total() == 0 ? 100 : Math.min(100, job.finishedItems() * 100 / job.total()));
        body.put("scanId", job.scanId());
        body.put("inQuarantine", job.allInQuarantine());
        if (job.allInQuarantine()) {
            body.put("moreInQuarantine", job.moreInQuarantine());
        }
        body.put("requestedBy", job.requestedBy());
        body.put("createdAt", job.createdAt().toString());
        body.put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
        return body;
    }
}
