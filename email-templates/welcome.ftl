<#import "layout.ftl" as layout>
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

Welcome to ${list.name}! Your subscription is confirmed.
<#if list.description?has_content>

${list.description}
</#if>

See you in your inbox soon.

<@layout.footer/>
