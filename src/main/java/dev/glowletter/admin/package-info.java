/**
 * Admin: the admin account, who may reach what, and (later) the admin pages. Nothing depends on
 * this module.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package dev.glowletter.admin;
