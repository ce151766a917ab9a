<#-- the team's mails are in English, whatever the list's language -->
<#setting locale="en">
<#import "layout.ftl" as layout>
Hello ${username},

Someone, hopefully you, asked to choose a new password for your account on the team of ${list.name}:

${resetUrl}

The link works once, for ${validMinutes} minutes. If you did not ask for this, ignore this e-mail: your password stays as it is.

<@layout.footer/>
