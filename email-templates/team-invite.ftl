<#-- the team's mails are in English, whatever the list's language -->
<#setting locale="en">
<#import "layout.ftl" as layout>
Hello,

${invitedBy} invites you to the team of ${list.name} as ${role}. Make your account here:

${inviteUrl}

The link works once, for ${validDays} days. If you did not expect this, ignore this e-mail.

<@layout.footer/>
