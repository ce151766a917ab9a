<#import "layout.ftl" as layout>
<#global footerNote = "You receive this one last e-mail because you unsubscribed from " + list.name + ".">
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

You are unsubscribed from ${list.name}. You will get no more newsletters from us.

Changed your mind? You are welcome back at any time: ${baseUrl}/

<@layout.footer/>
