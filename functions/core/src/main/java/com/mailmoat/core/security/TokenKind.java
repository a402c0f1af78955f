package com.mailmoat.core.security;

/** What a stored token is for; a token of one kind never works as another. */
public enum TokenKind {
    SET_PASSWORD,
    SESSION,
    OAUTH_STATE
}
