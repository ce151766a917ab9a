<#import "layout.ftl" as layout>
<#global footerNote = "You receive this because someone, hopefully you, asked to get " + list.name + " at this address.">
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

Please confirm that you want to receive ${list.name} at ${newEmail} from now on:

${confirmUrl}

The link works for ${validHours} hours. Until you use it, the newsletter keeps going to your current address. If you did not ask for this, ignore this e-mail: nothing changes.

<@layout.footer/>
