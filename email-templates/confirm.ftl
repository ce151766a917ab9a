<#import "layout.ftl" as layout>
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

Please confirm that you want to receive ${list.name} at ${subscriber.email}:

${confirmUrl}

The link works for ${validHours} hours. If you did not ask for this, ignore this e-mail: without a confirmation we send nothing more.

<@layout.footer/>
