<#-- A download the reader asked for on the blog. model.title: what it is; model.url: the link;
     model.validDays (optional): how long the link works. -->
<#import "/layout.ftl" as layout>
<#assign subject = "Your download: " + model.title>
<#if !unsubscribeUrl??><#global footerNote = "You receive this because you asked for it at " + list.name + "."></#if>
Hello${(subscriber.firstName?has_content)?then(" " + subscriber.firstName, "")},

here is your download, ${model.title}:

${model.url}
<#if model.validDays??>

The link works for ${model.validDays} days.
</#if>

<@layout.footer/>
