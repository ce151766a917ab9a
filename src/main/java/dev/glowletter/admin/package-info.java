/**
 * Admin: the admin account and who may reach what (the login and its throttle, the API's guard
 * against foreign pages, the limit on bodies sent without a login), the admin pages (dashboard,
 * articles, campaigns, digests, readers and their CSV import) and the API's OpenAPI document.
 * Nothing depends on this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package dev.glowletter.admin;
