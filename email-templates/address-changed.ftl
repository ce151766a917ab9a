<#import "layout.ftl" as layout>
<#global footerNote = "You receive this one last e-mail here because the address for " + list.name + " changed.">
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

From now on ${list.name} goes to ${newEmailMasked} instead of ${oldEmail}, as was asked from your preference page and confirmed from the new address.

If you did not ask for this, you can subscribe this address again: ${baseUrl}/

<@layout.footer/>
