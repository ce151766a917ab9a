/**
 * Admin: the admin account and who may reach what (the forwarded headers believed from
 * trusted proxies only, the login and its throttle, the API's guard against foreign
 * pages, the limit on bodies sent without a login), the admin pages (dashboard, articles,
 * campaigns, digests, readers and their CSV import) and the API's OpenAPI document. It
 * has no API: nothing depends on it, and all of it is in {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package dev.glowletter.admin;
