package com.mailmoat.consoleapi;

import com.mailmoat.core.session.Session;
import com.mailmoat.core.team.Role;
import com.mailmoat.core.team.TeamMember;
import com.mailmoat.core.team.TeamService;
import com.mailmoat.lambda.http.ApiError;
import com.mailmoat.lambda.http.ApiResponses;
import com.mailmoat.lambda.http.SessionRoutes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The account's team: everyone lists it; the owner invites, changes roles and removes (who may call
 * which route is {@code ConsoleAccess}'s table, checked before any route runs).
 */
public final class TeamRoutes implements SessionRoutes.Group {
    private static final String NOT_FOUND = "There is no such member on this account's team.";

    private final TeamService team;

    public TeamRoutes(TeamService team) {
        this.team = team;
    }

    @Override
    public void register(SessionRoutes.Builder routes) {
        routes.get("/api/team", (request, session) -> list(session))
                .json("POST /api/team", 201, (request, session) -> {
                    List<String> fields = request.requireStrings("email", "role");
                    return json(team.invite(session.accountId(), fields.get(0), fields.get(1)));
                })
                .json("PUT /api/team/{memberId}", 200, (request, session) -> {
                    String role = request.requireStrings("role").get(0);
                    try {
                        return json(team.changeRole(session.accountId(), request.idParameter("memberId", "member"), role));
                    } catch (NoSuchElementException e) {
                        throw ApiError.notFound(NOT_FOUND);
                    }
                })
                .json("POST /api/team/{memberId}/invitation", 200, (request, session) -> {
                    try {
                        return json(team.resendInvitation(session.accountId(), request.idParameter("memberId", "member")));
                    } catch (NoSuchElementException e) {
                        throw ApiError.notFound(NOT_FOUND);
                    }
                })
                .route("DELETE /api/team/{memberId}", (request, session) -> {
                    try {
                        team.remove(session.accountId(), request.idParameter("memberId", "member"));
                    } catch (NoSuchElementException e) {
                        throw ApiError.notFound(NOT_FOUND);
                    }
                    return ApiResponses.noContent(List.of());
                });
    }

    private Map<String, Object> list(Session session) {
        TeamService.Team listed = team.list(session.accountId());
        List<Map<String, Object>> people = new ArrayList<>();
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("id", null);
        owner.put("email", listed.ownerEmail());
        owner.put("role", Role.OWNER.name());
        owner.put("roleLabel", Role.OWNER.label());
        owner.put("status", "ACTIVE");
        owner.put("invitedAt", null);
        owner.put("lastSignInAt", null);
        owner.put("you", session.isOwner());
        people.add(owner);
        listed.members().forEach(m -> {
            Map<String, Object> member = json(m);
            member.put("you", m.memberId().equals(session.memberId()));
            people.add(member);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("members", people);
        body.put("maxMembers", listed.maxMembers());
        body.put("canManage", session.role() == Role.OWNER);
        return body;
    }

    static Map<String, Object> json(TeamMember member) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", member.memberId());
        body.put("email", member.email());
        body.put("role", member.role().name());
        body.put("roleLabel", member.role().label());
        body.put("status", member.hasPassword() ? "ACTIVE" : "INVITED");
        body.put("invitedAt", text(member.invitedAt()));
        body.put("lastSignInAt", text(member.lastSignInAt()));
        return body;
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
