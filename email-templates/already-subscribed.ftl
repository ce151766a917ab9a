<#import "layout.ftl" as layout>
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

Someone, probably you, asked to subscribe ${subscriber.email} to ${list.name}. You are subscribed already, so there is nothing to do.

<@layout.footer/>
