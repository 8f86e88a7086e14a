/**
 * The session cookie's name: over HTTPS with the __Host- prefix, which browsers accept only from a secure origin,
 * with Path=/ and no Domain, so no other host or plain-HTTP page can set or shadow it. Its own module, so that the
 * proxy (which must not load the database) and the session code read one spelling.
 */
export const sessionCookieName = (secure: boolean) =>
  secure ? "__Host-ownerscope_session" : "ownerscope_session";

export const sessionCookieNames = [sessionCookieName(false), sessionCookieName(true)];
